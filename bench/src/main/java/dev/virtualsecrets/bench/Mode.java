package dev.virtualsecrets.bench;

import java.time.Duration;
import java.util.List;

/**
 * How long and how hard to measure. Every loop of the benchmark is bounded by these counts and
 * durations: quick mode stays under 5 minutes, full mode under 30.
 *
 * @param getWarmup      time per GET target and concurrency spent warming up, not measured
 * @param getDuration    time per GET target and concurrency that is measured
 * @param getMaxRequests cap on measured requests per GET run
 * @param listRuns       measured LISTs per LIST case (one unmeasured LIST warms up first)
 * @param listBudget     time cap per LIST case
 * @param watcherLevels  concurrent watchers per fan-out level
 * @param writesPerLevel writes whose delivery is measured at each level
 * @param idleWait       how long the fresh server sits idle before its RSS is read
 * @param identities     distinct users whose first and cached GETs are measured
 */
public record Mode(String name, Duration getWarmup, Duration getDuration, int getMaxRequests,
                   int listRuns, Duration listBudget, List<Integer> watcherLevels, int writesPerLevel,
                   Duration idleWait, int identities) {

    public static final Mode QUICK = new Mode("quick", Duration.ofSeconds(2), Duration.ofSeconds(4), 50_000,
            5, Duration.ofSeconds(60), List.of(100, 1_000), 3, Duration.ofSeconds(5), 20);

    public static final Mode FULL = new Mode("full", Duration.ofSeconds(5), Duration.ofSeconds(15), 500_000,
            20, Duration.ofSeconds(180), List.of(100, 1_000, 10_000), 5, Duration.ofSeconds(20), 100);

    public static Mode named(String name) {
        return switch (name) {
            case "quick" -> QUICK;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("--mode must be quick or full, not " + name);
        };
    }
}
