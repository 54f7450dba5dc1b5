package dev.virtualsecrets.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.bench.Mode;
import dev.virtualsecrets.bench.cluster.Clients;
import dev.virtualsecrets.bench.cluster.Http;
import dev.virtualsecrets.bench.cluster.ServerProbe;
import dev.virtualsecrets.bench.report.FanoutLevel;
import dev.virtualsecrets.bench.report.Results;
import dev.virtualsecrets.bench.stats.LatencySummary;
import dev.virtualsecrets.bench.stats.Samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntPredicate;

/**
 * Watch fan-out straight to the server: N watchers on one namespace, then a few writes through
 * the API; for each write, the time from its start until each watcher has the event. Heap (after
 * a full GC) and RSS of the server are read with all N watchers open.
 */
public final class WatchFanoutBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "bench-watch";
    private static final String NAME = "fanout";
    /** Watches opened at once before waiting for the server to count them: bounds the TLS handshake burst. */
    private static final int CONNECT_BATCH = 250;
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(60);
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(20);
    private static final Duration CLOSE_NOTICE = Duration.ofSeconds(5);
    private static final int CLOSE_NUDGES = 3;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    private static final Duration BETWEEN_WRITES = Duration.ofMillis(300);

    private final Stack stack;
    private final Mode mode;
    private boolean closeNeededWrite;

    public WatchFanoutBenchmark(Stack stack, Mode mode) {
        this.stack = stack;
        this.mode = mode;
    }

    public void run(Results results) {
        try {
            stack.kv().put(NAMESPACE, NAME, Map.of("seq", "0"));
            for (int watchers : mode.watcherLevels()) {
                FanoutLevel level = level(watchers);
                results.addFanout(level);
                System.err.printf("bench: watch fan-out %d: p50 %.1f ms, p99 %.1f ms, missed %d, heap %.0f MiB, RSS %.0f MiB%n",
                        watchers, level.p50Ms(), level.p99Ms(), level.missed(), level.heapMib(), level.rssMib());
            }
            results.put("watch.closed_streams_noticed_only_on_write", closeNeededWrite);
        } finally {
            stack.kv().delete(NAMESPACE, NAME);
        }
    }

    private FanoutLevel level(int count) {
        int baseline = stack.probe().activeWatches();
        String resourceVersion = listResourceVersion();
        AtomicIntegerArray delivered = new AtomicIntegerArray(mode.writesPerLevel());
        List<Watcher> watchers = new ArrayList<>(count);
        // A client of its own per level: shutting it down closes every watch connection at once.
        HttpClient client = Clients.admin(stack.cluster());
        long connectStart = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(stack.uri(false, Stack.virtualSecrets(NAMESPACE)
                            + "?watch=true&resourceVersion=" + resourceVersion + "&timeoutSeconds=1800"))
                    .header("Accept", "application/json").GET().build();
            while (watchers.size() < count) {
                int batch = Math.min(CONNECT_BATCH, count - watchers.size());
                for (int i = 0; i < batch; i++) {
                    // Headers come with the first event, so the future stays pending until the first write.
                    Watcher watcher = new Watcher(delivered);
                    watcher.attach(client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(watcher)));
                    watchers.add(watcher);
                }
                int target = baseline + watchers.size();
                awaitActive(active -> active >= target, CONNECT_WAIT);
            }
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            int connected = Math.min(count, stack.probe().activeWatches() - baseline);

            Samples latencies = new Samples();
            Samples writes = new Samples();
            for (int write = 0; write < mode.writesPerLevel(); write++) {
                long start = System.nanoTime();
                write(count, write);
                writes.add(System.nanoTime() - start);
                awaitDelivered(delivered, write, connected);
                for (Watcher watcher : watchers) {
                    long arrival = watcher.arrival(write);
                    if (arrival != 0) {
                        latencies.add(arrival - start);
                    }
                }
                sleep(BETWEEN_WRITES);
            }
            long pid = stack.cluster().serverPid();
            ServerProbe.fullGc(pid);
            double heap = stack.probe().heapUsedMib();
            double rss = ServerProbe.rssMib(pid);
            LatencySummary delivery = LatencySummary.of(latencies, 0, null);
            int expected = count * mode.writesPerLevel();
            return new FanoutLevel(count, connected, mode.writesPerLevel(), delivery.count(),
                    expected - delivery.count(), delivery.p50Ms(), delivery.p99Ms(), delivery.maxMs(),
                    LatencySummary.of(writes, 0, null).p50Ms(), heap, rss, connectSeconds);
        } finally {
            close(client, watchers, baseline, count);
        }
    }

    /**
     * Closes every watcher and its connection and waits until the server no longer counts them.
     * The server notices a client that went away only when a write to its stream fails, so when
     * the count does not drop by itself, a few more writes let it find the closed connections.
     */
    private void close(HttpClient client, List<Watcher> watchers, int baseline, int level) {
        watchers.forEach(Watcher::close);
        client.shutdownNow();
        if (awaitActive(active -> active <= baseline, CLOSE_NOTICE)) {
            return;
        }
        System.err.printf("bench: note: %d closed watches still counted after %ds; writing so the server notices%n",
                stack.probe().activeWatches() - baseline, CLOSE_NOTICE.toSeconds());
        closeNeededWrite = true;
        for (int nudge = 1; nudge <= CLOSE_NUDGES; nudge++) {
            write(level, -nudge);
            if (awaitActive(active -> active <= baseline, CLOSE_NOTICE)) {
                return;
            }
        }
        if (!awaitActive(active -> active <= baseline, CLOSE_WAIT)) {
            System.err.printf("bench: warning: the server still counts %d watches %ds after they were closed%n",
                    stack.probe().activeWatches() - baseline, CLOSE_WAIT.toSeconds());
        }
    }

    private String listResourceVersion() {
        HttpResponse<String> list = Http.expectOk(stack.admin(),
                stack.get(stack.uri(false, Stack.virtualSecrets(NAMESPACE))));
        try {
            return JSON.readTree(list.body()).path("metadata").path("resourceVersion").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("the LIST answer is not JSON", e);
        }
    }

    /** A merge patch through the API, the write every watcher must see. */
    private void write(int level, int write) {
        String value = Base64.getEncoder().encodeToString((level + "-" + write + "-" + System.nanoTime())
                .getBytes(StandardCharsets.UTF_8));
        URI uri = stack.uri(false, Stack.virtualSecrets(NAMESPACE) + "/" + NAME);
        Http.expectOk(stack.admin(), HttpRequest.newBuilder(uri).timeout(Stack.REQUEST_TIMEOUT)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"data\":{\"seq\":\"" + value + "\"}}"))
                .build());
    }

    private static void awaitDelivered(AtomicIntegerArray delivered, int write, int expected) {
        long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
        while (delivered.get(write) < expected && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(2));
        }
    }

    private boolean awaitActive(IntPredicate condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(stack.probe().activeWatches())) {
                return true;
            }
            sleep(Duration.ofMillis(100));
        }
        return false;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
