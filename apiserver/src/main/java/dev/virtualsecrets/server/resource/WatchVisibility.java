package dev.virtualsecrets.server.resource;

import dev.virtualsecrets.server.authn.CallerIdentity;
import dev.virtualsecrets.server.cache.ExpiringCache;
import dev.virtualsecrets.server.storage.VirtualSecretStorage;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether a watcher may see an event's object: in identity mode {@code caller}, only when the
 * watcher's own Vault identity may read it (events carry the values another caller wrote). Answers
 * are reused for a short TTL per (watcher identity, object); when Vault cannot answer, the event is
 * withheld (fail closed).
 */
public final class WatchVisibility {

    private record Key(CallerIdentity caller, String namespace, String name) {
    }

    private static final Logger LOG = Logger.getLogger(WatchVisibility.class.getName());

    private final VirtualSecretStorage storage;
    private final Duration ttl;
    private final Clock clock;
    private final ExpiringCache<Key, Boolean> answers;

    private WatchVisibility(VirtualSecretStorage storage, Duration ttl, int maxEntries, Clock clock) {
        this.storage = storage;
        this.ttl = ttl;
        this.clock = clock;
        this.answers = storage == null ? null : new ExpiringCache<>(maxEntries, clock);
    }

    /** Identity mode {@code server}: one identity reads everything, RBAC alone decides. */
    public static WatchVisibility everything() {
        return new WatchVisibility(null, Duration.ZERO, 1, Clock.systemUTC());
    }

    /** Identity mode {@code caller}: asks Vault (through storage) as the watcher. */
    public static WatchVisibility perCaller(VirtualSecretStorage storage, Duration ttl, int maxEntries, Clock clock) {
        return new WatchVisibility(storage, ttl, maxEntries, clock);
    }

    public boolean visible(CallerIdentity watcher, String namespace, String name) {
        if (storage == null) {
            return true;
        }
        Key key = new Key(watcher, namespace, name);
        Optional<Boolean> cached = answers.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        boolean visible;
        try {
            visible = storage.canRead(watcher, namespace, name);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot tell whether a watcher may read {0}/{1} ({2}); event withheld",
                    new Object[]{namespace, name, e.getClass().getSimpleName()});
            return false;
        }
        answers.put(key, visible, clock.instant().plus(ttl));
        return visible;
    }
}
