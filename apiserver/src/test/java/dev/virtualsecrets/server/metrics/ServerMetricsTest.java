package dev.virtualsecrets.server.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import dev.virtualsecrets.server.cache.Caches;
import dev.virtualsecrets.server.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerMetricsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    private final ServerMetrics metrics = new ServerMetrics();

    @Test
    void cacheStatisticsAppearInTheScrapeLabelledOnlyWithTheCacheName() {
        // Caffeine counts loads, not puts: cache_puts_total stays 0 for caches written with put().
        Cache<String, String> cache = new Caches(clock, metrics.caches())
                .expiringAfter("token_reviews", 2, Duration.ofSeconds(10));
        String key = "3f1c9a-sha-of-a-bearer-token";
        cache.put(key, "alice");
        cache.getIfPresent(key);
        cache.getIfPresent(key);
        cache.getIfPresent("unknown-key");
        cache.put("b", "bob");
        cache.put("c", "carol");
        cache.cleanUp();

        String scrape = metrics.scrape();
        assertTrue(scrape.contains("cache_gets_total{cache=\"token_reviews\",result=\"hit\"} 2.0"), scrape);
        assertTrue(scrape.contains("cache_gets_total{cache=\"token_reviews\",result=\"miss\"} 1.0"), scrape);
        assertTrue(scrape.contains("cache_evictions_total{cache=\"token_reviews\"} 1.0"), scrape);
        assertTrue(scrape.contains("cache_size{cache=\"token_reviews\"} 2.0"), scrape);
        assertFalse(scrape.contains(key), "a cache key reached the metrics");
        assertFalse(scrape.contains("alice"), "a cached value reached the metrics");
    }

    @Test
    void vaultLoginsAreCountedByCallerKind() {
        metrics.callerTokens().login("serviceaccount");
        metrics.callerTokens().login("serviceaccount");
        metrics.callerTokens().login("user");

        String scrape = metrics.scrape();
        assertTrue(scrape.contains("virtualsecrets_vault_logins_total{kind=\"serviceaccount\"} 2.0"), scrape);
        assertTrue(scrape.contains("virtualsecrets_vault_logins_total{kind=\"user\"} 1.0"), scrape);
    }
}
