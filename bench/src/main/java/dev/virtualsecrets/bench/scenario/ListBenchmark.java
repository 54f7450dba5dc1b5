package dev.virtualsecrets.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.bench.Mode;
import dev.virtualsecrets.bench.cluster.Http;
import dev.virtualsecrets.bench.report.Results;
import dev.virtualsecrets.bench.stats.LatencySummary;
import dev.virtualsecrets.bench.stats.Samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * LIST of 1,000 VirtualSecrets in one namespace, and of 1,000 spread over 10 namespaces (100
 * each, listed across all namespaces), straight to the server and through kube-apiserver. The
 * objects are seeded straight into OpenBao and removed afterwards.
 */
public final class ListBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEED_CONCURRENCY = 16;
    private static final int TOTAL = 1_000;
    private static final int SPREAD_NAMESPACES = 10;

    private final Stack stack;
    private final Mode mode;

    public ListBenchmark(Stack stack, Mode mode) {
        this.stack = stack;
        this.mode = mode;
    }

    public void run(Results results) {
        int perNamespace = TOTAL / SPREAD_NAMESPACES;
        try {
            seed(SPREAD_NAMESPACES, perNamespace, true);
            measure(results, "list.all_namespaces", null);
        } finally {
            seed(SPREAD_NAMESPACES, perNamespace, false);
        }
        try {
            seed(1, TOTAL, true);
            measure(results, "list.namespace", namespace(1, 0));
        } finally {
            seed(1, TOTAL, false);
        }
    }

    private void measure(Results results, String prefix, String namespace) {
        for (boolean aggregated : new boolean[] {false, true}) {
            String key = prefix + (aggregated ? ".aggregated" : ".direct");
            HttpRequest request = stack.get(stack.uri(aggregated, Stack.virtualSecrets(namespace)));
            HttpResponse<String> first = Http.expectOk(stack.admin(), request);
            results.put(key + ".items", items(first.body()));
            results.put(key + ".bytes", first.body().length());
            LatencySummary summary = timed(stack.admin(), request);
            results.putLatency(key, summary);
            System.err.printf("bench: %s (%s items): p50 %.1f ms, max %.1f ms over %d LISTs%n",
                    key, results.value(key + ".items"), summary.p50Ms(), summary.maxMs(), summary.count());
        }
    }

    private LatencySummary timed(HttpClient client, HttpRequest request) {
        Samples samples = new Samples();
        int errors = 0;
        long deadline = System.nanoTime() + mode.listBudget().toNanos();
        for (int i = 0; i < mode.listRuns() && System.nanoTime() < deadline; i++) {
            long sent = System.nanoTime();
            HttpResponse<String> response = Http.send(client, request);
            if (response.statusCode() == 200) {
                samples.add(System.nanoTime() - sent);
            } else {
                errors++;
            }
        }
        return LatencySummary.of(samples, errors, null);
    }

    /** Seeds ({@code create}) or removes the objects of {@code namespaces} × {@code perNamespace}. */
    private void seed(int namespaces, int perNamespace, boolean create) {
        Map<String, String> data = Map.of("username", "bench-user", "password", "not-a-real-password-0123456789");
        Parallel.forEach(namespaces * perNamespace, SEED_CONCURRENCY, index -> {
            String namespace = namespace(namespaces, index / perNamespace);
            String name = String.format("bench-item-%04d", index % perNamespace);
            if (create) {
                stack.kv().put(namespace, name, data);
            } else {
                stack.kv().delete(namespace, name);
            }
        });
    }

    private static String namespace(int namespaces, int index) {
        return namespaces == 1 ? "bench-list" : "bench-spread-" + index;
    }

    private static int items(String body) {
        try {
            return JSON.readTree(body).path("items").size();
        } catch (IOException e) {
            throw new UncheckedIOException("the LIST answer is not JSON", e);
        }
    }
}
