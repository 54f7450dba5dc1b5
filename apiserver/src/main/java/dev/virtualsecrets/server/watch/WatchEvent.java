package dev.virtualsecrets.server.watch;

import dev.virtualsecrets.api.VirtualSecret;

/**
 * One change to one VirtualSecret. {@code resourceVersion} is the object's resourceVersion after
 * the change (for DELETED: the deletion's). The object holds secret data: events live in memory
 * only and are never logged.
 */
public record WatchEvent(Type type, long resourceVersion, VirtualSecret object) {

    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }

    public String namespace() {
        return object.getMetadata().getNamespace();
    }

    public String name() {
        return object.getMetadata().getName();
    }
}
