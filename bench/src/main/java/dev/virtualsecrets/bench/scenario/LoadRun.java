package dev.virtualsecrets.bench.scenario;

import dev.virtualsecrets.bench.stats.LatencySummary;
import dev.virtualsecrets.bench.stats.Samples;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load: {@code concurrency} virtual threads each send the same request back to
 * back until the time or the request budget is spent, and record each latency.
 */
final class LoadRun {

    private LoadRun() {
    }

    static LatencySummary run(HttpClient client, HttpRequest request, int concurrency, Duration duration,
                              int maxRequests) {
        AtomicInteger budget = new AtomicInteger(maxRequests);
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Samples> parts = new ArrayList<>();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Samples>> futures = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                futures.add(workers.submit(() -> loop(client, request, deadline, budget, errors)));
            }
            for (Future<Samples> future : futures) {
                parts.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a load worker failed", e.getCause());
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return LatencySummary.of(Samples.merge(parts), errors.get(), elapsed);
    }

    private static Samples loop(HttpClient client, HttpRequest request, long deadline, AtomicInteger budget,
                                AtomicInteger errors) throws InterruptedException {
        Samples samples = new Samples();
        while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
            long sent = System.nanoTime();
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                long took = System.nanoTime() - sent;
                if (response.statusCode() == 200) {
                    samples.add(took);
                } else {
                    errors.incrementAndGet();
                }
            } catch (IOException e) {
                errors.incrementAndGet();
            }
        }
        return samples;
    }
}
