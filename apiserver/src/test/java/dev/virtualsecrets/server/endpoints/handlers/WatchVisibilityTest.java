package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.cache.CacheMetrics;
import dev.virtualsecrets.server.cache.Caches;
import dev.virtualsecrets.server.registry.rest.Watcher;
import dev.virtualsecrets.server.testsupport.MutableClock;
import dev.virtualsecrets.server.user.CallerIdentity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatchVisibilityTest {

    private static final CallerIdentity BOB = CallerIdentity.of("bob", List.of("viewers"));
    private static final CallerIdentity APP = CallerIdentity.of("system:serviceaccount:demo:app", List.of());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    private final AtomicInteger asked = new AtomicInteger();

    /** Storage whose Vault lets bob read everything in demo and the app only demo/db-password. */
    private final Watcher storage = new Watcher() {
        @Override
        public String engine() {
            return "kv-v2";
        }

        @Override
        public boolean visibleTo(CallerIdentity caller, String namespace, String name) {
            asked.incrementAndGet();
            if (name.equals("broken")) {
                throw new IllegalStateException("Vault is unavailable");
            }
            return caller.equals(BOB) ? namespace.equals("demo") : name.equals("db-password");
        }
    };

    @Test
    void inServerModeEveryEventIsVisible() {
        assertTrue(WatchVisibility.everything().visible(APP, "demo", "api-key"));
    }

    @Test
    void inCallerModeAWatcherSeesWhatItsVaultIdentityMayRead() {
        WatchVisibility visibility = WatchVisibility.perCaller(storage, Duration.ofSeconds(10), 100,
                new Caches(clock, CacheMetrics.none()));

        assertTrue(visibility.visible(APP, "demo", "db-password"));
        assertFalse(visibility.visible(APP, "demo", "api-key"));
        assertTrue(visibility.visible(BOB, "demo", "api-key"));
        assertFalse(visibility.visible(BOB, "other", "config"));
    }

    @Test
    void answersAreReusedForTheTtl() {
        WatchVisibility visibility = WatchVisibility.perCaller(storage, Duration.ofSeconds(10), 100,
                new Caches(clock, CacheMetrics.none()));
        visibility.visible(APP, "demo", "db-password");
        visibility.visible(APP, "demo", "db-password");
        assertEquals(1, asked.get());

        clock.advance(Duration.ofSeconds(10));
        visibility.visible(APP, "demo", "db-password");
        assertEquals(2, asked.get());
    }

    @Test
    void whenVaultCannotAnswerTheEventIsWithheld() {
        WatchVisibility visibility = WatchVisibility.perCaller(storage, Duration.ofSeconds(10), 100,
                new Caches(clock, CacheMetrics.none()));

        assertFalse(visibility.visible(BOB, "demo", "broken"));
    }
}
