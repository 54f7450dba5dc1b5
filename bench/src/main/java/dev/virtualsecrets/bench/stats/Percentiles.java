package dev.virtualsecrets.bench.stats;

/** Nearest-rank percentiles: every reported value is one that was actually measured. */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The smallest value such that at least {@code percent}% of the values are less than or equal
     * to it; {@code NaN} when there are no values.
     *
     * @param sorted values in ascending order
     * @param percent in (0, 100]
     */
    public static double of(long[] sorted, double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
