package dev.virtualsecrets.bench.report;

/**
 * One watch fan-out level: {@code watchers} streams opened, {@code writes} writes made, each
 * expected at every connected watcher. Latencies are from the start of a write until a watcher
 * has its event; heap is the server's live heap after a full GC, RSS its resident set.
 */
public record FanoutLevel(int watchers, int connected, int writes, int deliveries, int missed,
                          double p50Ms, double p99Ms, double maxMs, double writeMs,
                          double heapMib, double rssMib, double connectSeconds) {
}
