package dev.virtualsecrets.server.vault.lease;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");
    private final LeaseSchedule schedule = new LeaseSchedule(Duration.ofSeconds(5), Duration.ofSeconds(10));

    /** The container fires (reported duration - renewBefore) from now. */
    private Duration firesIn(Duration reported) {
        return reported.minus(schedule.renewBefore());
    }

    @Test
    void aLeaseAloneIsRenewedRenewBeforeItExpires() {
        Duration reported = schedule.reportedDuration(NOW, NOW.plusSeconds(20), null);
        assertEquals(Duration.ofSeconds(15), firesIn(reported));
    }

    @Test
    void anEarlierRotationDeadlineWins() {
        Instant tokenExpiry = NOW.plusSeconds(60);
        Instant due = schedule.rotationDue(tokenExpiry);
        assertEquals(NOW.plusSeconds(50), due);
        Duration reported = schedule.reportedDuration(NOW, NOW.plusSeconds(3600), due);
        assertEquals(Duration.ofSeconds(50), firesIn(reported));
    }

    @Test
    void aCertificateIsReplacedRotateBeforeNotAfter() {
        Instant notAfter = NOW.plusSeconds(30);
        Duration reported = schedule.reportedDuration(NOW, null, schedule.rotationDue(notAfter));
        assertEquals(Duration.ofSeconds(20), firesIn(reported));
    }

    @Test
    void theTimerNeverFiresInThePastAndRoundsUp() {
        assertEquals(LeaseSchedule.MIN_TIMER, firesIn(schedule.reportedDuration(NOW, NOW.plusSeconds(2), null)));
        assertEquals(Duration.ofSeconds(16), firesIn(schedule.reportedDuration(NOW, NOW.plusMillis(20_500), null)));
    }

    @Test
    void rotationIsDueAtItsDeadlineAndNotBefore() {
        Instant due = NOW.plusSeconds(50);
        assertFalse(schedule.mustRotate(NOW, due));
        assertTrue(schedule.mustRotate(due.minusMillis(500), due), "a timer firing just early still rotates");
        assertTrue(schedule.mustRotate(due.plusSeconds(1), due));
        assertFalse(schedule.mustRotate(NOW, null), "no deadline, no rotation");
        assertNull(schedule.rotationDue(null));
    }

    @Test
    void aRenewalCappedByMaxTtlIsTooShortToKeep() {
        assertTrue(schedule.tooShortToKeep(Duration.ofSeconds(10)));
        assertTrue(schedule.tooShortToKeep(Duration.ZERO));
        assertFalse(schedule.tooShortToKeep(Duration.ofSeconds(11)));
    }
}
