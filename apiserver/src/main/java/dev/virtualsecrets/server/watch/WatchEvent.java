package dev.virtualsecrets.server.watch;

import dev.virtualsecrets.api.VirtualSecret;

/**
 * One change to one VirtualSecret. {@code resourceVersion} is the object's resourceVersion after
 * the change (for DELETED: the deletion's). The object holds secret data: events live in memory
 * only and are never logged.
 *
 * <p>{@code previous} (nullable) is the object before a MODIFIED change. With it, a watcher whose
 * selector the object starts or stops matching sees ADDED or DELETED, as with kube-apiserver's
 * watch cache. Encoders write {@link #resourceVersion()}: for such a DELETED the object is the
 * previous state and its own metadata still carries the older resourceVersion.
 */
public record WatchEvent(Type type, long resourceVersion, VirtualSecret object, VirtualSecret previous) {

    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }

    public WatchEvent(Type type, long resourceVersion, VirtualSecret object) {
        this(type, resourceVersion, object, null);
    }

    public String namespace() {
        return object.getMetadata().getNamespace();
    }

    public String name() {
        return object.getMetadata().getName();
    }
}
