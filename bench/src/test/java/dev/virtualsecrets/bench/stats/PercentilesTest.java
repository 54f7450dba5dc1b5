package dev.virtualsecrets.bench.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentilesTest {

    @Test
    void nearestRankOfOneToHundredIsTheRankItself() {
        long[] values = new long[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1;
        }
        assertEquals(50, Percentiles.of(values, 50));
        assertEquals(95, Percentiles.of(values, 95));
        assertEquals(99, Percentiles.of(values, 99));
        assertEquals(100, Percentiles.of(values, 100));
        assertEquals(1, Percentiles.of(values, 0.5));
    }

    @Test
    void smallSamplesReportMeasuredValuesOnly() {
        long[] values = {10, 20, 30, 40, 1000};
        assertEquals(30, Percentiles.of(values, 50));
        assertEquals(1000, Percentiles.of(values, 95));
        assertEquals(1000, Percentiles.of(values, 99));
        assertEquals(10, Percentiles.of(values, 20));
        assertEquals(20, Percentiles.of(values, 21));
    }

    @Test
    void singleValueIsEveryPercentile() {
        assertEquals(7, Percentiles.of(new long[] {7}, 1));
        assertEquals(7, Percentiles.of(new long[] {7}, 99));
    }

    @Test
    void noValuesIsNaN() {
        assertTrue(Double.isNaN(Percentiles.of(new long[0], 50)));
    }

    @Test
    void percentOutsideRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new long[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new long[] {1}, 100.1));
    }
}
