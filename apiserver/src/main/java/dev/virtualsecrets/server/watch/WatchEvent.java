package dev.virtualsecrets.server.watch;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.user.CallerIdentity;

/**
 * One change to one VirtualSecret. {@code resourceVersion} is the object's resourceVersion after
 * the change (for DELETED: the deletion's). The object holds secret data: events live in memory
 * only and are never logged.
 *
 * <p>{@code previous} (nullable) is the object before a MODIFIED change. With it, a watcher whose
 * selector the object starts or stops matching sees ADDED or DELETED, as with kube-apiserver's
 * watch cache. Encoders write {@link #resourceVersion()}: for such a DELETED the object is the
 * previous state and its own metadata still carries the older resourceVersion.
 *
 * <p>{@code audience} (nullable) is the only identity ({@link CallerIdentity#key()}) that may
 * receive the event: a dynamic secret's credentials belong to the caller whose lease they are.
 * Null: every watcher whose filter matches (and whose Vault policy allows it).
 */
public record WatchEvent(Type type, long resourceVersion, VirtualSecret object, VirtualSecret previous,
                         String audience) {

    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }

    public WatchEvent(Type type, long resourceVersion, VirtualSecret object, VirtualSecret previous) {
        this(type, resourceVersion, object, previous, null);
    }

    public WatchEvent(Type type, long resourceVersion, VirtualSecret object) {
        this(type, resourceVersion, object, null, null);
    }

    /** An event for the watches of one identity only. */
    public static WatchEvent forOwner(Type type, long resourceVersion, VirtualSecret object, String owner) {
        return new WatchEvent(type, resourceVersion, object, null, owner);
    }

    /** Whether {@code watcher} (null = unknown) may receive this event at all. */
    public boolean isFor(CallerIdentity watcher) {
        return audience == null || (watcher != null && audience.equals(watcher.key()));
    }

    public String namespace() {
        return object.getMetadata().getNamespace();
    }

    public String name() {
        return object.getMetadata().getName();
    }
}
