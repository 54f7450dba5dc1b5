package dev.virtualsecrets.server.watch;

import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceVersionClockTest {

    private static final Instant T = Instant.parse("2025-01-02T03:04:05.678901234Z");
    private static final long T_MICROS = 1_735_787_045_678_901L;

    @Test
    void ofIsMicrosecondsSinceTheEpoch() {
        assertEquals(T_MICROS, ResourceVersionClock.of(T));
        assertEquals(0, ResourceVersionClock.of(Instant.EPOCH));
        assertEquals(1, ResourceVersionClock.of(Instant.EPOCH.plusNanos(1_999)));
    }

    @Test
    void currentFollowsTheClock() {
        assertEquals(T_MICROS, new ResourceVersionClock(Clock.fixed(T, ZoneOffset.UTC)).current());
    }

    @Test
    void nextIsStrictlyIncreasingEvenWhenTheClockStands() {
        ResourceVersionClock clock = new ResourceVersionClock(Clock.fixed(T, ZoneOffset.UTC));

        long first = clock.next();
        long second = clock.next();
        long third = clock.next();

        assertEquals(T_MICROS, first);
        assertEquals(T_MICROS + 1, second);
        assertEquals(T_MICROS + 2, third);
        assertEquals(third, clock.current(), "current never falls behind what was issued");
    }

    @Test
    void nextNeverGoesBackwardsWhenTheClockDoes() {
        MutableClock wall = new MutableClock(T);
        ResourceVersionClock clock = new ResourceVersionClock(wall);
        long before = clock.next();

        wall.set(T.minusSeconds(60));

        assertTrue(clock.next() > before);
        assertTrue(clock.current() > before);
    }

    @Test
    void nextFollowsTheClockWhenItMovesOn() {
        MutableClock wall = new MutableClock(T);
        ResourceVersionClock clock = new ResourceVersionClock(wall);
        clock.next();

        wall.set(T.plusSeconds(1));

        assertEquals(T_MICROS + 1_000_000, clock.next());
    }

    @Test
    void observeRaisesCurrentAndNext() {
        ResourceVersionClock clock = new ResourceVersionClock(Clock.fixed(T, ZoneOffset.UTC));

        clock.observe(T_MICROS + 500);

        assertEquals(T_MICROS + 500, clock.current());
        assertEquals(T_MICROS + 501, clock.next());
    }

    @Test
    void observingAnOlderVersionChangesNothing() {
        ResourceVersionClock clock = new ResourceVersionClock(Clock.fixed(T, ZoneOffset.UTC));
        long issued = clock.next();

        clock.observe(5);

        assertEquals(issued, clock.current());
    }

    @Test
    void parsesClientResourceVersions() {
        assertEquals(0, ResourceVersionClock.parse(null));
        assertEquals(0, ResourceVersionClock.parse(""));
        assertEquals(0, ResourceVersionClock.parse("0"));
        assertEquals(123, ResourceVersionClock.parse("123"));
        assertEquals(T_MICROS, ResourceVersionClock.parse(Long.toString(T_MICROS)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1.5", " 1", "99999999999999999999"})
    void rejectsMalformedResourceVersions(String resourceVersion) {
        ApiException error = assertThrows(ApiException.class, () -> ResourceVersionClock.parse(resourceVersion));

        assertEquals(400, error.code());
        assertEquals("BadRequest", error.reason());
        assertTrue(error.getMessage().contains("\"" + resourceVersion + "\""), error.getMessage());
    }
}
