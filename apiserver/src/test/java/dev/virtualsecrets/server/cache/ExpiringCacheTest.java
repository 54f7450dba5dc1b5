package dev.virtualsecrets.server.cache;

import dev.virtualsecrets.server.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExpiringCacheTest {

    private static final Instant T = Instant.parse("2026-11-28T00:00:00Z");

    private final MutableClock clock = new MutableClock(T);

    @Test
    void anEntryLivesUntilItsOwnExpiry() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(10, clock);
        cache.put("short", "a", T.plusSeconds(5));
        cache.put("long", "b", T.plusSeconds(60));

        clock.advance(Duration.ofSeconds(4));
        assertEquals(Optional.of("a"), cache.get("short"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), cache.get("short"));
        assertEquals(Optional.of("b"), cache.get("long"));
        assertEquals(1, cache.size());
    }

    @Test
    void whenFullTheLeastRecentlyUsedEntryGoes() {
        ExpiringCache<String, Integer> cache = new ExpiringCache<>(2, clock);
        cache.put("a", 1, T.plusSeconds(60));
        cache.put("b", 2, T.plusSeconds(60));
        cache.get("a");
        cache.put("c", 3, T.plusSeconds(60));

        assertEquals(Optional.of(1), cache.get("a"));
        assertEquals(Optional.empty(), cache.get("b"));
        assertEquals(Optional.of(3), cache.get("c"));
    }

    @Test
    void aValueAlreadyExpiredIsNotKeptAndReplacesNothing() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(10, clock);
        cache.put("k", "old", T.plusSeconds(60));
        cache.put("k", "stale", T);

        assertEquals(Optional.empty(), cache.get("k"));
        assertEquals(0, cache.size());
    }
}
