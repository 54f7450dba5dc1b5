package dev.virtualsecrets.server.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the server's in-memory caches (Caffeine): bounded, timed by the server's {@link Clock},
 * with statistics published under a fixed name. When a cache is full, Caffeine's W-TinyLFU policy
 * chooses what goes: mostly the least recently used, but an entry asked for often outlives a burst
 * of one-off keys (a scan of many tokens does not flush the regular callers' entries).
 *
 * <p>Maintenance (removing expired and evicted entries) runs on the calling thread rather than on
 * the common pool: it is a few map operations, and it keeps the caches deterministic in tests.
 */
public final class Caches {

    /** When a value written at {@code now} stops being served; at or before {@code now}: not kept. */
    @FunctionalInterface
    public interface Deadline<V> {
        Instant expiresAt(V value, Instant now);
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z_]*");

    private final Clock clock;
    private final CacheMetrics metrics;
    private final Set<String> names = new HashSet<>();

    public Caches(Clock clock, CacheMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Every entry is served for {@code ttl} after it was written. */
    public <K, V> Cache<K, V> expiringAfter(String name, int maxEntries, Duration ttl) {
        return monitored(name, builder(maxEntries).expireAfterWrite(ttl).<K, V>build());
    }

    /** Each entry is served until its own deadline, decided when it is written. */
    public <K, V> Cache<K, V> expiringAt(String name, int maxEntries, Deadline<? super V> deadline) {
        return monitored(name, builder(maxEntries).expireAfter(new DeadlineExpiry<K, V>(deadline)).build());
    }

    private Caffeine<Object, Object> builder(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        return Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(new ClockTicker(clock))
                .executor(Runnable::run)
                .recordStats();
    }

    private synchronized <K, V> Cache<K, V> monitored(String name, Cache<K, V> cache) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a cache name is a fixed lower-case word: " + name);
        }
        if (!names.add(name)) {
            // A second cache under one name would hide its statistics behind the first one's.
            throw new IllegalStateException("a cache named " + name + " exists already");
        }
        metrics.monitor(name, cache);
        return cache;
    }

    /** Caffeine's per-entry expiry from a deadline; a read does not extend it, a write sets a new one. */
    private record DeadlineExpiry<K, V>(Deadline<? super V> deadline) implements Expiry<K, V> {

        @Override
        public long expireAfterCreate(K key, V value, long currentTime) {
            Instant now = ClockTicker.instant(currentTime);
            Duration left = Duration.between(now, deadline.expiresAt(value, now));
            if (left.isNegative()) {
                return 0;
            }
            // A deadline of Instant.MAX (a token that never expires) is more nanoseconds than a long holds.
            return left.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : left.toNanos();
        }

        @Override
        public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
