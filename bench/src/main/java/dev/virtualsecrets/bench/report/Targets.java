package dev.virtualsecrets.bench.report;

import java.util.List;
import java.util.Map;

/** The targets of the benchmark issue, evaluated against one run's results. */
public final class Targets {

    /** The fan-out level the watch targets are stated for. */
    public static final int TARGET_WATCHERS = 10_000;

    private Targets() {
    }

    public static List<Target> evaluate(Results results) {
        double native50 = number(results, "get.native_secret.c1.p50_ms");
        double vault50 = number(results, "get.vault.c1.p50_ms");
        Map<String, Object> level = results.fanout().stream()
                .filter(entry -> entry.get("watchers") instanceof Integer w && w == TARGET_WATCHERS)
                .findFirst().orElse(Map.of());
        return List.of(
                Target.atMost("get_aggregated_vs_native",
                        "(b) get.aggregated p50 <= 1.3 x get.native_secret p50 (ms, concurrency 1)",
                        number(results, "get.aggregated.c1.p50_ms"), 1.3 * native50),
                Target.atMost("get_direct_vs_vault",
                        "(c) get.direct p50 <= get.vault p50 + 1 ms (ms, concurrency 1)",
                        number(results, "get.direct.c1.p50_ms"), vault50 + 1.0),
                Target.atMost("watch_10000_heap",
                        "10,000 watches: server heap after GC <= 512 MiB (full mode only)",
                        number(level.get("heap_mib")), 512),
                Target.atMost("watch_10000_p99",
                        "10,000 watches: write -> all watchers p99 <= 1000 ms (full mode only)",
                        number(level.get("p99_ms")), 1000),
                Target.atMost("idle_rss",
                        "idle RSS of a fresh server <= 256 MiB",
                        number(results, "idle.rss_mib"), 256),
                Target.atMost("startup_ready",
                        "start-up to /readyz 200 <= 3000 ms",
                        number(results, "startup.ready_ms"), 3000));
    }

    private static double number(Results results, String key) {
        return results.number(key).orElse(Double.NaN);
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
