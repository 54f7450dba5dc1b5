package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.cache.Caches;
import dev.virtualsecrets.server.registry.rest.Watcher;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.time.Duration;

/** Whether a watcher may see an event's object. */
@FunctionalInterface
public interface WatchVisibility {

    boolean visible(CallerIdentity watcher, String namespace, String name);

    /** Identity mode {@code server}: one identity reads everything, RBAC alone decides. */
    static WatchVisibility everything() {
        return (watcher, namespace, name) -> true;
    }

    /** Identity mode {@code caller}: asks Vault (through storage) as the watcher, answers cached. */
    static WatchVisibility perCaller(Watcher storage, Duration ttl, int maxEntries, Caches caches) {
        return new VaultReadVisibility(storage, ttl, maxEntries, caches);
    }
}
