package dev.virtualsecrets.bench.stats;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencySummaryTest {

    @Test
    void summarisesMergedWorkerSamplesInMilliseconds() {
        Samples first = new Samples();
        Samples second = new Samples();
        for (int i = 1; i <= 2_000; i++) {
            // 1..2000 ms, split unevenly and out of order over two workers; forces the arrays to grow
            (i % 3 == 0 ? first : second).add((2_001 - i) * 1_000_000L);
        }
        LatencySummary summary = LatencySummary.of(Samples.merge(List.of(first, second)), 4, Duration.ofSeconds(4));

        assertEquals(2_000, summary.count());
        assertEquals(4, summary.errors());
        assertEquals(1_000.0, summary.p50Ms());
        assertEquals(1_900.0, summary.p95Ms());
        assertEquals(1_980.0, summary.p99Ms());
        assertEquals(2_000.0, summary.maxMs());
        assertEquals(1_000.5, summary.meanMs(), 1e-9);
        assertEquals(500.0, summary.throughputPerSecond(), 1e-9);
    }

    @Test
    void emptyRunHasNoNumbers() {
        LatencySummary summary = LatencySummary.of(new Samples(), 3, Duration.ofSeconds(1));
        assertEquals(0, summary.count());
        assertEquals(3, summary.errors());
        assertTrue(Double.isNaN(summary.p50Ms()));
        assertTrue(Double.isNaN(summary.meanMs()));
        assertEquals(0.0, summary.throughputPerSecond());
    }

    @Test
    void withoutDurationThereIsNoThroughput() {
        Samples samples = new Samples();
        samples.add(1_500_000);
        LatencySummary summary = LatencySummary.of(samples, 0, null);
        assertEquals(1.5, summary.p50Ms());
        assertTrue(Double.isNaN(summary.throughputPerSecond()));
    }
}
