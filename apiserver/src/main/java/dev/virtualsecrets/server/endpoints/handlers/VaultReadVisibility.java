package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.cache.ExpiringCache;
import dev.virtualsecrets.server.registry.rest.Watcher;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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

    private final Watcher storage;
    private final Duration ttl;
    private final Clock clock;
    private final ExpiringCache<Key, Boolean> answers;

    VaultReadVisibility(Watcher storage, Duration ttl, int maxEntries, Clock clock) {
        this.storage = storage;
        this.ttl = ttl;
        this.clock = clock;
        this.answers = new ExpiringCache<>(maxEntries, clock);
    }

    @Override
    public boolean visible(CallerIdentity watcher, String namespace, String name) {
        Key key = new Key(watcher, namespace, name);
        Optional<Boolean> cached = answers.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        boolean visible;
        try {
            visible = storage.visibleTo(watcher, namespace, name);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot tell whether a watcher may read {0}/{1} ({2}); event withheld",
                    new Object[]{namespace, name, e.getClass().getSimpleName()});
            return false;
        }
        answers.put(key, visible, clock.instant().plus(ttl));
        return visible;
    }
}
