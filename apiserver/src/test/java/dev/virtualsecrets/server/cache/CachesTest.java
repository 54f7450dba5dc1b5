package dev.virtualsecrets.server.cache;

import com.github.benmanes.caffeine.cache.Cache;
import dev.virtualsecrets.server.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CachesTest {

    private static final Instant T = Instant.parse("2026-11-28T00:00:00Z");

    private final MutableClock clock = new MutableClock(T);
    private final List<String> published = new ArrayList<>();
    private final Caches caches = new Caches(clock, (name, cache) -> published.add(name));

    /** Values that carry their own deadline, like a Vault token's expiry. */
    private record Expiring(String value, Instant until) {
    }

    private Cache<String, Expiring> untilOwnDeadline() {
        return caches.expiringAt("deadlines", 10, (entry, now) -> entry.until());
    }

    @Test
    void anEntryIsServedUntilItsOwnDeadlineAndNotAtIt() {
        Cache<String, Expiring> cache = untilOwnDeadline();
        cache.put("short", new Expiring("a", T.plusSeconds(5)));
        cache.put("long", new Expiring("b", T.plusSeconds(60)));

        clock.advance(Duration.ofSeconds(5).minusNanos(1));
        assertEquals("a", cache.getIfPresent("short").value());
        clock.advance(Duration.ofNanos(1));
        assertNull(cache.getIfPresent("short"));
        assertEquals("b", cache.getIfPresent("long").value());
        cache.cleanUp();
        assertEquals(1, cache.estimatedSize());
    }

    @Test
    void theDeadlineIsDecidedWhenTheValueIsWrittenFromTheClocksNow() {
        Cache<String, String> cache = caches.expiringAt("by_length", 10,
                (value, now) -> now.plusSeconds(value.length()));
        clock.advance(Duration.ofSeconds(100));
        cache.put("k", "four");

        clock.advance(Duration.ofSeconds(3));
        assertEquals("four", cache.getIfPresent("k"));
        clock.advance(Duration.ofSeconds(1));
        assertNull(cache.getIfPresent("k"));
    }

    @Test
    void readingAnEntryDoesNotExtendItsDeadline() {
        Cache<String, Expiring> cache = untilOwnDeadline();
        cache.put("k", new Expiring("a", T.plusSeconds(10)));
        for (int second = 0; second < 9; second++) {
            clock.advance(Duration.ofSeconds(1));
            assertEquals("a", cache.getIfPresent("k").value());
        }

        clock.advance(Duration.ofSeconds(1));
        assertNull(cache.getIfPresent("k"));
    }

    @Test
    void aValueAlreadyPastItsDeadlineIsNotServedAndReplacesTheOldOne() {
        Cache<String, Expiring> cache = untilOwnDeadline();
        cache.put("k", new Expiring("old", T.plusSeconds(60)));
        cache.put("k", new Expiring("stale", T));

        // Caffeine removes it at its next timer tick; until then it is never served.
        assertNull(cache.getIfPresent("k"));
        assertNull(cache.asMap().get("k"));
    }

    @Test
    void aDeadlineThatNeverComesIsKept() {
        Cache<String, Expiring> cache = untilOwnDeadline();
        Expiring forever = new Expiring("a", Instant.MAX);
        cache.put("k", forever);

        clock.advance(Duration.ofDays(36_500));
        assertSame(forever, cache.getIfPresent("k"));
    }

    @Test
    void aFixedTtlCountsFromTheLastWrite() {
        Cache<String, String> cache = caches.expiringAfter("fixed", 10, Duration.ofSeconds(10));
        cache.put("k", "a");
        clock.advance(Duration.ofSeconds(6));
        cache.put("k", "b");

        clock.advance(Duration.ofSeconds(9));
        assertEquals("b", cache.getIfPresent("k"));
        clock.advance(Duration.ofSeconds(1));
        assertNull(cache.getIfPresent("k"));
    }

    @Test
    void aCacheNeverHoldsMoreThanItsMaximum() {
        Cache<Integer, String> cache = caches.expiringAfter("bounded", 10, Duration.ofMinutes(1));
        for (int key = 0; key < 100; key++) {
            cache.put(key, "v" + key);
        }

        cache.cleanUp();
        assertEquals(10, cache.estimatedSize());
        assertEquals(90, cache.stats().evictionCount());
    }

    @Test
    void hitsAndMissesAreCountedAndTheCacheIsPublishedUnderItsName() {
        Cache<String, String> cache = caches.expiringAfter("token_reviews", 10, Duration.ofSeconds(10));
        cache.put("k", "v");
        cache.getIfPresent("k");
        cache.getIfPresent("other");
        clock.advance(Duration.ofSeconds(10));
        cache.getIfPresent("k");

        assertEquals(List.of("token_reviews"), published);
        assertEquals(1, cache.stats().hitCount());
        assertEquals(2, cache.stats().missCount());
    }

    @Test
    void aCacheNameIsAFixedLowerCaseWordUsedOnce() {
        assertThrows(IllegalArgumentException.class,
                () -> caches.expiringAfter("alice's tokens", 10, Duration.ofSeconds(1)));
        caches.expiringAfter("vault_tokens", 10, Duration.ofSeconds(1));
        assertThrows(IllegalStateException.class,
                () -> caches.expiringAfter("vault_tokens", 10, Duration.ofSeconds(1)));
        assertEquals(List.of("vault_tokens"), published);
    }

    @Test
    void aCacheHoldsAtLeastOneEntry() {
        assertThrows(IllegalArgumentException.class, () -> caches.expiringAfter("empty", 0, Duration.ofSeconds(1)));
    }
}
