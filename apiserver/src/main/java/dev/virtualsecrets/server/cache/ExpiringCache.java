package dev.virtualsecrets.server.cache;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded, memory-only map whose entries expire at their own instant; when full, the least
 * recently used entry goes first. Safe for concurrent use.
 */
public final class ExpiringCache<K, V> {

    private record Timed<V>(V value, Instant expiresAt) {
    }

    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<K, Timed<V>> entries;

    public ExpiringCache(int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Timed<V>> eldest) {
                return size() > ExpiringCache.this.maxEntries;
            }
        };
    }

    /** The value, unless absent or expired (an expired entry is dropped). */
    public synchronized Optional<V> get(K key) {
        Timed<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    /** Keeps {@code value} until {@code expiresAt}; a value already expired is not kept. */
    public synchronized void put(K key, V value, Instant expiresAt) {
        if (clock.instant().isBefore(expiresAt)) {
            entries.put(key, new Timed<>(value, expiresAt));
        } else {
            entries.remove(key);
        }
    }

    public synchronized int size() {
        return entries.size();
    }
}
