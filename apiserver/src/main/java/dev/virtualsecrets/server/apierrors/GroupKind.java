package dev.virtualsecrets.server.apierrors;

import dev.virtualsecrets.api.VirtualSecret;

/** A kind in an API group, as Invalid messages name it: {@code VirtualSecret.virtualsecrets.dev}. */
public record GroupKind(String group, String kind) {

    public String qualified() {
        return group == null || group.isEmpty() ? kind : kind + "." + group;
    }
}
