package dev.virtualsecrets.bench.stats;

import java.time.Duration;

/**
 * Latency percentiles in milliseconds and the throughput of one measured run.
 *
 * @param count successful requests measured
 * @param errors requests that failed or answered an unexpected status
 * @param throughputPerSecond successful requests per second of wall-clock time; {@code NaN} when
 *                            the run has no meaningful duration (e.g. fan-out deliveries)
 */
public record LatencySummary(int count, int errors, double p50Ms, double p95Ms, double p99Ms, double maxMs,
                             double meanMs, double throughputPerSecond) {

    private static final double NANOS_PER_MILLI = 1_000_000.0;

    /** Summarises {@code samples} (nanoseconds) taken over {@code elapsed}, or over no set time when null. */
    public static LatencySummary of(Samples samples, int errors, Duration elapsed) {
        long[] sorted = samples.sorted();
        double sum = 0;
        for (long value : sorted) {
            sum += value;
        }
        double mean = sorted.length == 0 ? Double.NaN : sum / sorted.length / NANOS_PER_MILLI;
        double throughput = elapsed == null || elapsed.isZero()
                ? Double.NaN
                : sorted.length / (elapsed.toNanos() / 1_000_000_000.0);
        return new LatencySummary(sorted.length, errors,
                Percentiles.of(sorted, 50) / NANOS_PER_MILLI,
                Percentiles.of(sorted, 95) / NANOS_PER_MILLI,
                Percentiles.of(sorted, 99) / NANOS_PER_MILLI,
                Percentiles.of(sorted, 100) / NANOS_PER_MILLI,
                mean, throughput);
    }
}
