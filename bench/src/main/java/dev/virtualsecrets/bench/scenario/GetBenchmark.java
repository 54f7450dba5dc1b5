package dev.virtualsecrets.bench.scenario;

import dev.virtualsecrets.bench.Mode;
import dev.virtualsecrets.bench.report.Results;
import dev.virtualsecrets.bench.stats.LatencySummary;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-object GET latency and throughput of the same small secret four ways: (a) a core/v1
 * Secret through kube-apiserver, (b) a VirtualSecret through kube-apiserver, (c) the same
 * VirtualSecret straight from the server, (d) the KV entry straight from OpenBao.
 */
public final class GetBenchmark {

    public static final List<Integer> CONCURRENCY = List.of(1, 8, 32);
    public static final List<String> TARGETS = List.of("native_secret", "aggregated", "direct", "vault");

    private static final String NAMESPACE = "bench";
    private static final String NAME = "bench-get";

    private final Stack stack;
    private final Mode mode;

    public GetBenchmark(Stack stack, Mode mode) {
        this.stack = stack;
        this.mode = mode;
    }

    public void run(Results results) {
        Map<String, String> data = data();
        try {
            stack.createKube("/api/v1/namespaces",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + NAMESPACE + "\"}}");
            stack.deleteKube(secretPath());
            stack.createKube("/api/v1/namespaces/" + NAMESPACE + "/secrets", secretJson(data));
            stack.kv().put(NAMESPACE, NAME, data);
            Map<String, HttpRequest> requests = new LinkedHashMap<>();
            requests.put("native_secret", stack.get(stack.uri(true, secretPath())));
            requests.put("aggregated", stack.get(stack.uri(true, Stack.virtualSecrets(NAMESPACE) + "/" + NAME)));
            requests.put("direct", stack.get(stack.uri(false, Stack.virtualSecrets(NAMESPACE) + "/" + NAME)));
            requests.put("vault", stack.kv().read(NAMESPACE, NAME));
            for (int concurrency : CONCURRENCY) {
                for (Map.Entry<String, HttpRequest> target : requests.entrySet()) {
                    measure(results, target.getKey(), target.getValue(), concurrency);
                }
                ratio(results, "aggregated_over_native", "aggregated", "native_secret", concurrency);
                ratio(results, "direct_over_vault", "direct", "vault", concurrency);
            }
        } finally {
            stack.deleteKube(secretPath());
            stack.kv().delete(NAMESPACE, NAME);
        }
    }

    private void measure(Results results, String target, HttpRequest request, int concurrency) {
        var client = target.equals("vault") ? stack.plain() : stack.admin();
        LoadRun.run(client, request, concurrency, mode.getWarmup(), mode.getMaxRequests());
        LatencySummary summary = LoadRun.run(client, request, concurrency, mode.getDuration(), mode.getMaxRequests());
        results.putLatency("get." + target + ".c" + concurrency, summary);
        System.err.printf("bench: get.%s c%d: p50 %.2f ms, p99 %.2f ms, %.0f req/s, %d errors%n",
                target, concurrency, summary.p50Ms(), summary.p99Ms(), summary.throughputPerSecond(), summary.errors());
    }

    private static void ratio(Results results, String name, String numerator, String denominator, int concurrency) {
        double top = results.number("get." + numerator + ".c" + concurrency + ".p50_ms").orElse(Double.NaN);
        double bottom = results.number("get." + denominator + ".c" + concurrency + ".p50_ms").orElse(Double.NaN);
        results.put("ratio." + name + ".c" + concurrency + ".p50", top / bottom);
    }

    private static String secretPath() {
        return "/api/v1/namespaces/" + NAMESPACE + "/secrets/" + NAME;
    }

    /** Two keys, like a typical database credential; random so no run reads a cached constant. */
    private static Map<String, String> data() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Map.of("username", "bench-user", "password", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    private static String secretJson(Map<String, String> data) {
        StringBuilder encoded = new StringBuilder();
        data.forEach((key, value) -> encoded.append(encoded.isEmpty() ? "" : ",").append('"').append(key)
                .append("\":\"").append(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
                .append('"'));
        return "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + NAME + "\"},"
                + "\"type\":\"Opaque\",\"data\":{" + encoded + "}}";
    }
}
