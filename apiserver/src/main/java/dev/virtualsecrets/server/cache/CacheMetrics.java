package dev.virtualsecrets.server.cache;

import com.github.benmanes.caffeine.cache.Cache;

/**
 * Where a cache's statistics (hits, misses, evictions, size) are published. The metrics side
 * implements it; the cache package does not depend on the metrics registry.
 */
@FunctionalInterface
public interface CacheMetrics {

    /**
     * Publishes the statistics of {@code cache} under {@code name}, a fixed word chosen in code
     * (it becomes a label value: never a user's name, token or path).
     */
    void monitor(String name, Cache<?, ?> cache);

    /** For tests and tools: statistics are still recorded, but not published. */
    static CacheMetrics none() {
        return (name, cache) -> {
        };
    }
}
