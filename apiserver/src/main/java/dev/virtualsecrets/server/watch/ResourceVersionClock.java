package dev.virtualsecrets.server.watch;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * resourceVersions without etcd: microseconds since the epoch. An object's resourceVersion is the
 * creation time of its current Vault version ({@link #of(Instant)}), the same on every replica;
 * list and delete resourceVersions come from this clock, which never goes backwards within a
 * process and is larger in a newer process (wall time moves on).
 */
public final class ResourceVersionClock {

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public ResourceVersionClock(Clock clock) {
        this.clock = clock;
    }

    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    /** The current resourceVersion: never smaller than any value seen or issued before. */
    public long current() {
        long now = of(clock.instant());
        return last.accumulateAndGet(now, Math::max);
    }

    /** A fresh resourceVersion, strictly larger than every one issued or observed before. */
    public long next() {
        long now = of(clock.instant());
        return last.accumulateAndGet(now, (prev, wall) -> Math.max(prev + 1, wall));
    }

    /** Records a resourceVersion that came from Vault, so that {@link #current()} covers it. */
    public void observe(long resourceVersion) {
        last.accumulateAndGet(resourceVersion, Math::max);
    }

    /** Parses a client-supplied resourceVersion; empty or "0" mean "any". */
    public static long parse(String resourceVersion) {
        if (resourceVersion == null || resourceVersion.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(resourceVersion);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw dev.virtualsecrets.server.apierrors.ApiErrors.badRequest(
                    "invalid resourceVersion \"" + resourceVersion + "\": must be a non-negative integer");
        }
    }
}
