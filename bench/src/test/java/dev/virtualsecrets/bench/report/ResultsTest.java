package dev.virtualsecrets.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.bench.stats.LatencySummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesFlatKeysInMeasuredOrderRoundedToThreeDecimals(@TempDir Path dir) throws Exception {
        Results results = new Results();
        results.put("mode", "quick");
        results.putLatency("get.direct.c1", new LatencySummary(10, 1, 1.23456, 2.0, 3.0, 4.0, 1.5, 812.34567));
        Path file = dir.resolve("nested/results.json");

        results.write(file);

        JsonNode json = JSON.readTree(Files.readString(file));
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("mode", "get.direct.c1.count", "get.direct.c1.errors", "get.direct.c1.p50_ms",
                "get.direct.c1.p95_ms", "get.direct.c1.p99_ms", "get.direct.c1.max_ms", "get.direct.c1.mean_ms",
                "get.direct.c1.rps", "watch.fanout", "targets"), keys);
        assertEquals("quick", json.get("mode").asText());
        assertEquals(10, json.get("get.direct.c1.count").asInt());
        assertEquals("1.235", json.get("get.direct.c1.p50_ms").decimalValue().toPlainString());
        assertEquals("812.346", json.get("get.direct.c1.rps").decimalValue().toPlainString());
        assertEquals(2, json.get("get.direct.c1.p95_ms").asInt());
    }

    @Test
    void notANumberBecomesNullSoTheFileStaysValidJson() throws Exception {
        Results results = new Results();
        results.put("startup.ready_ms", Double.NaN);
        results.put("idle.rss_mib", Double.POSITIVE_INFINITY);

        JsonNode json = JSON.readTree(results.toJson());

        assertTrue(json.get("startup.ready_ms").isNull());
        assertTrue(json.get("idle.rss_mib").isNull());
        assertTrue(results.number("startup.ready_ms").isEmpty());
    }

    @Test
    void fanoutLevelsAndTargetsHaveTheDocumentedShape() throws Exception {
        Results results = new Results();
        results.put("get.native_secret.c1.p50_ms", 2.0);
        results.put("get.aggregated.c1.p50_ms", 2.5);
        results.put("get.vault.c1.p50_ms", 1.0);
        results.put("get.direct.c1.p50_ms", 3.0);
        results.put("idle.rss_mib", 200.0);
        results.put("startup.ready_ms", 2_500.0);
        results.addFanout(new FanoutLevel(100, 100, 3, 300, 0, 12.5, 40.25, 41.0, 5.0, 60.0, 300.0, 1.5));
        Targets.evaluate(results).forEach(results::putTarget);

        JsonNode json = JSON.readTree(results.toJson());

        JsonNode level = json.get("watch.fanout").get(0);
        assertEquals(100, level.get("watchers").asInt());
        assertEquals(12.5, level.get("p50_ms").asDouble());
        assertEquals(40.25, level.get("p99_ms").asDouble());
        assertEquals(60, level.get("heap_mib").asInt());
        assertEquals(300, level.get("rss_mib").asInt());

        JsonNode targets = json.get("targets");
        assertTrue(targets.get("get_aggregated_vs_native").get("met").asBoolean());
        assertEquals(2.6, targets.get("get_aggregated_vs_native").get("limit").asDouble(), 1e-9);
        assertEquals(false, targets.get("get_direct_vs_vault").get("met").asBoolean(true));
        assertEquals(2.0, targets.get("get_direct_vs_vault").get("limit").asDouble(), 1e-9);
        assertEquals("not measured", targets.get("watch_10000_heap").get("met").asText());
        assertTrue(targets.get("watch_10000_heap").get("value").isNull());
        assertEquals("not measured", targets.get("watch_10000_p99").get("met").asText());
        assertTrue(targets.get("idle_rss").get("met").asBoolean());
        assertTrue(targets.get("startup_ready").get("met").asBoolean());
    }

    @Test
    void tenThousandWatchersAreJudgedAgainstHeapAndLatency() {
        Results results = new Results();
        results.addFanout(new FanoutLevel(10_000, 10_000, 5, 50_000, 0, 200, 1_200, 1_500, 5, 400, 900, 30));

        List<Target> targets = Targets.evaluate(results);

        assertEquals(Target.Verdict.MET, verdict(targets, "watch_10000_heap"));
        assertEquals(Target.Verdict.NOT_MET, verdict(targets, "watch_10000_p99"));
        assertEquals(Target.Verdict.NOT_MEASURED, verdict(targets, "idle_rss"));
    }

    private static Target.Verdict verdict(List<Target> targets, String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().verdict();
    }
}
