package dev.virtualsecrets.bench.report;

import java.util.List;
import java.util.Map;

/** Renders a run's results as plain-text tables for the terminal. */
public final class TablePrinter {

    private TablePrinter() {
    }

    public static String render(Results results, List<String> getTargets, List<Integer> concurrency) {
        StringBuilder out = new StringBuilder();
        out.append("\nSingle-object GET (ms; req/s)\n");
        out.append(String.format("%-22s %4s %9s %9s %9s %9s %7s%n", "target", "conc", "p50", "p95", "p99", "req/s", "errors"));
        for (int c : concurrency) {
            for (String target : getTargets) {
                String key = "get." + target + ".c" + c;
                out.append(String.format("%-22s %4d %9s %9s %9s %9s %7s%n", "get." + target, c,
                        cell(results, key + ".p50_ms"), cell(results, key + ".p95_ms"), cell(results, key + ".p99_ms"),
                        cell(results, key + ".rps"), cell(results, key + ".errors")));
            }
        }
        out.append(String.format("%-22s %4s %9s%n", "ratio (p50)", "conc", "value"));
        for (int c : concurrency) {
            out.append(String.format("%-22s %4d %9s%n", "aggregated/native", c,
                    cell(results, "ratio.aggregated_over_native.c" + c + ".p50")));
            out.append(String.format("%-22s %4d %9s%n", "direct/vault", c,
                    cell(results, "ratio.direct_over_vault.c" + c + ".p50")));
        }

        out.append("\nLIST of 1,000 VirtualSecrets (ms)\n");
        out.append(String.format("%-32s %6s %9s %9s %9s %6s%n", "case", "items", "p50", "p99", "max", "runs"));
        for (String scope : List.of("list.namespace", "list.all_namespaces")) {
            for (String path : List.of("direct", "aggregated")) {
                String key = scope + "." + path;
                out.append(String.format("%-32s %6s %9s %9s %9s %6s%n", key, cell(results, key + ".items"),
                        cell(results, key + ".p50_ms"), cell(results, key + ".p99_ms"), cell(results, key + ".max_ms"),
                        cell(results, key + ".count")));
            }
        }

        out.append("\nWatch fan-out, straight to the server (write start -> event at watcher, ms)\n");
        out.append(String.format("%8s %9s %9s %9s %9s %7s %9s %9s %9s%n",
                "watchers", "connected", "p50", "p99", "max", "missed", "write", "heap MiB", "RSS MiB"));
        for (Map<String, Object> level : results.fanout()) {
            out.append(String.format("%8s %9s %9s %9s %9s %7s %9s %9s %9s%n", level.get("watchers"), level.get("connected"),
                    text(level.get("p50_ms")), text(level.get("p99_ms")), text(level.get("max_ms")),
                    level.get("missed"), text(level.get("write_ms")), text(level.get("heap_mib")),
                    text(level.get("rss_mib"))));
        }

        out.append(String.format("%nFresh server: ready in %s ms, idle RSS %s MiB%n",
                cell(results, "startup.ready_ms"), cell(results, "idle.rss_mib")));

        out.append("\nTargets\n");
        for (Target target : Targets.evaluate(results)) {
            out.append(String.format("  %-13s %-75s value %9s  limit %9s%n", target.verdict().label(),
                    target.description(), text(Results.normalise(target.value())),
                    text(Results.normalise(target.limit()))));
        }
        return out.toString();
    }

    private static String cell(Results results, String key) {
        return text(results.value(key));
    }

    private static String text(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.abs().compareTo(java.math.BigDecimal.valueOf(100)) >= 0
                    ? decimal.setScale(0, java.math.RoundingMode.HALF_UP).toPlainString()
                    : decimal.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
        }
        return value.toString();
    }
}
