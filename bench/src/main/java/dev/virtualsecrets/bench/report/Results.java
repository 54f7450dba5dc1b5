package dev.virtualsecrets.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.virtualsecrets.bench.stats.LatencySummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything one benchmark run measured, as flat dotted keys in the order they were measured
 * ({@code get.direct.c8.p99_ms}), plus the watch fan-out levels and the targets. Numbers are
 * rounded to three decimals; values that could not be measured become JSON {@code null}.
 */
public final class Results {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<Map<String, Object>> fanout = new ArrayList<>();
    private final Map<String, Object> targets = new LinkedHashMap<>();

    public void put(String key, Object value) {
        values.put(key, normalise(value));
    }

    /** {@code prefix.count}, {@code .errors}, {@code .p50_ms}, {@code .p95_ms}, {@code .p99_ms}, {@code .max_ms}, {@code .mean_ms}, {@code .rps}. */
    public void putLatency(String prefix, LatencySummary summary) {
        put(prefix + ".count", summary.count());
        put(prefix + ".errors", summary.errors());
        put(prefix + ".p50_ms", summary.p50Ms());
        put(prefix + ".p95_ms", summary.p95Ms());
        put(prefix + ".p99_ms", summary.p99Ms());
        put(prefix + ".max_ms", summary.maxMs());
        put(prefix + ".mean_ms", summary.meanMs());
        put(prefix + ".rps", summary.throughputPerSecond());
    }

    /** A measured number, empty when absent or not measured. */
    public OptionalDouble number(String key) {
        return values.get(key) instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
    }

    public Object value(String key) {
        return values.get(key);
    }

    public void addFanout(FanoutLevel level) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("watchers", level.watchers());
        entry.put("connected", level.connected());
        entry.put("writes", level.writes());
        entry.put("deliveries", level.deliveries());
        entry.put("missed", level.missed());
        entry.put("p50_ms", normalise(level.p50Ms()));
        entry.put("p99_ms", normalise(level.p99Ms()));
        entry.put("max_ms", normalise(level.maxMs()));
        entry.put("write_ms", normalise(level.writeMs()));
        entry.put("heap_mib", normalise(level.heapMib()));
        entry.put("rss_mib", normalise(level.rssMib()));
        entry.put("connect_s", normalise(level.connectSeconds()));
        fanout.add(entry);
    }

    public List<Map<String, Object>> fanout() {
        return Collections.unmodifiableList(fanout);
    }

    public void putTarget(Target target) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("description", target.description());
        entry.put("value", normalise(target.value()));
        entry.put("limit", normalise(target.limit()));
        entry.put("met", target.verdict().json());
        targets.put(target.name(), entry);
    }

    public String toJson() {
        Map<String, Object> document = new LinkedHashMap<>(values);
        document.put("watch.fanout", fanout);
        document.put("targets", targets);
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the results", e);
        }
    }

    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** JSON has no NaN or infinity: those become null. Doubles keep three decimals. */
    static Object normalise(Object value) {
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return null;
            }
            return BigDecimal.valueOf(d).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        }
        if (value instanceof Float f) {
            return normalise(f.doubleValue());
        }
        return value;
    }
}
