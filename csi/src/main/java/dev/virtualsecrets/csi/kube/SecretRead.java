package dev.virtualsecrets.csi.kube;

import java.util.Map;

/**
 * One VirtualSecret as the pod may read it: its keys and values, and its resourceVersion (which
 * changes with a new KV version or a renewed or rotated lease). {@link #toString()} prints no value.
 */
public record SecretRead(String name, String resourceVersion, Map<String, byte[]> data) {

    public SecretRead {
        data = Map.copyOf(data);
    }

    @Override
    public String toString() {
        return "SecretRead[name=" + name + ", resourceVersion=" + resourceVersion + ", keys=" + data.keySet() + "]";
    }
}
