package dev.virtualsecrets.server.vault.lease;

import java.time.Duration;
import java.time.Instant;

/**
 * When a lease is renewed and when its credentials are replaced. Spring Vault's container fires
 * its timer {@code renewBefore} before the duration it is given ends; this class tells it a
 * duration that makes the timer fire at the earlier of "renewBefore before the lease expires" and
 * "rotateBefore before the credentials can no longer be kept" (the caller's Vault token expires,
 * which revokes the leases it created, or a certificate reaches notAfter).
 */
public final class LeaseSchedule {

    /** Spring Vault's timers count whole seconds: never ask for less than this. */
    static final Duration MIN_TIMER = Duration.ofSeconds(1);

    private final Duration renewBefore;
    private final Duration rotateBefore;

    public LeaseSchedule(Duration renewBefore, Duration rotateBefore) {
        if (renewBefore.isNegative() || rotateBefore.isNegative()) {
            throw new IllegalArgumentException("renewBefore and rotateBefore must not be negative");
        }
        this.renewBefore = renewBefore;
        this.rotateBefore = rotateBefore;
    }

    public Duration renewBefore() {
        return renewBefore;
    }

    /** The instant new credentials are due, for credentials that cannot be kept past {@code keepUntil} (nullable). */
    public Instant rotationDue(Instant keepUntil) {
        return keepUntil == null ? null : keepUntil.minus(rotateBefore);
    }

    /**
     * The duration to hand to the container so that its timer fires at the right time.
     *
     * @param leaseExpiry when Vault's lease ends unless renewed (null: no lease to renew)
     * @param rotationDue when new credentials are due (null: never, apart from max TTL)
     */
    public Duration reportedDuration(Instant now, Instant leaseExpiry, Instant rotationDue) {
        Instant fire = null;
        if (leaseExpiry != null) {
            fire = leaseExpiry.minus(renewBefore);
        }
        if (rotationDue != null && (fire == null || rotationDue.isBefore(fire))) {
            fire = rotationDue;
        }
        Duration untilFire = fire == null ? Duration.ZERO : Duration.between(now, fire);
        if (untilFire.compareTo(MIN_TIMER) < 0) {
            untilFire = MIN_TIMER;
        }
        // Rounded up: the container truncates to seconds.
        return ceilSeconds(untilFire.plus(renewBefore));
    }

    /** Whether it is time for new credentials rather than a renewal. */
    public boolean mustRotate(Instant now, Instant rotationDue) {
        return rotationDue != null && !now.plus(MIN_TIMER).isBefore(rotationDue);
    }

    /** Whether a renewal that granted only {@code granted} has reached the end (max TTL): rotate instead. */
    public boolean tooShortToKeep(Duration granted) {
        return granted.compareTo(rotateBefore) <= 0 || granted.compareTo(MIN_TIMER) <= 0;
    }

    private static Duration ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(seconds);
    }
}
