package dev.virtualsecrets.server.cache;

import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Clock;
import java.time.Instant;

/**
 * Caffeine's time source read from the server's {@link Clock}, so that the clock tests advance by
 * hand also expires cache entries. Nanoseconds since the epoch (fits a long until 2262); like the
 * clock it reads, it follows wall-clock steps, which only shortens or lengthens a few entries' lives.
 */
final class ClockTicker implements Ticker {

    private final Clock clock;

    ClockTicker(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long read() {
        return nanos(clock.instant());
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }
}
