package dev.virtualsecrets.server.endpoints.handlers;

import com.github.benmanes.caffeine.cache.Cache;
import dev.virtualsecrets.server.cache.Caches;
import dev.virtualsecrets.server.registry.rest.Watcher;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * In identity mode {@code caller}, a watcher sees an object only when its own Vault identity may
 * read it (events carry the values another caller wrote). Answers are reused for a short TTL per
 * (watcher identity, object); when Vault cannot answer, the event is withheld (fail closed).
 */
final class VaultReadVisibility implements WatchVisibility {

    private record Key(CallerIdentity caller, String namespace, String name) {
    }

    private static final Logger LOG = Logger.getLogger(VaultReadVisibility.class.getName());
    /** The cache's name in the metrics. */
    static final String CACHE_NAME = "watch_visibility";

    private final Watcher storage;
    private final Cache<Key, Boolean> answers;

    VaultReadVisibility(Watcher storage, Duration ttl, int maxEntries, Caches caches) {
        this.storage = storage;
        this.answers = caches.expiringAfter(CACHE_NAME, maxEntries, ttl);
    }

    @Override
    public boolean visible(CallerIdentity watcher, String namespace, String name) {
        if (watcher == CallerIdentity.SERVER) {
            // Kubernetes' controllers' metadata-only watches: the server reads the metadata of every
            // KV secret (its policy) and owns no dynamic lease, so its events are never owner-scoped.
            return true;
        }
        Key key = new Key(watcher, namespace, name);
        Boolean cached = answers.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        boolean visible;
        try {
            visible = storage.visibleTo(watcher, namespace, name);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot tell whether a watcher may read {0}/{1} ({2}); event withheld",
                    new Object[]{namespace, name, e.getClass().getSimpleName()});
            return false;
        }
        answers.put(key, visible);
        return visible;
    }
}
