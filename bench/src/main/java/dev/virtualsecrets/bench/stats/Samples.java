package dev.virtualsecrets.bench.stats;

import java.util.Arrays;
import java.util.List;

/**
 * A growable array of durations in nanoseconds. Not thread-safe: each worker keeps its own and
 * the run merges them afterwards, so recording never contends on a lock.
 */
public final class Samples {

    private long[] values = new long[1024];
    private int size;

    public void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    public int size() {
        return size;
    }

    /** A sorted copy of the values. */
    public long[] sorted() {
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }

    public static Samples merge(List<Samples> parts) {
        Samples merged = new Samples();
        for (Samples part : parts) {
            for (int i = 0; i < part.size; i++) {
                merged.add(part.values[i]);
            }
        }
        return merged;
    }
}
