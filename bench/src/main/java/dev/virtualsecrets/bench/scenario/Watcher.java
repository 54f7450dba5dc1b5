package dev.virtualsecrets.bench.scenario;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One watch stream, read line by line (one event per line). It stamps the arrival time of each
 * event and counts it in {@code deliveredPerWrite}, so the benchmark can wait for the last
 * watcher without scanning all of them.
 */
final class Watcher implements Flow.Subscriber<String> {

    private final long[] arrivals;
    private final AtomicIntegerArray deliveredPerWrite;
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<HttpResponse<Void>> response;
    private volatile int errors;
    private int events;

    Watcher(AtomicIntegerArray deliveredPerWrite) {
        this.arrivals = new long[deliveredPerWrite.length()];
        this.deliveredPerWrite = deliveredPerWrite;
    }

    void attach(CompletableFuture<HttpResponse<Void>> response) {
        this.response = response;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    /** Reactive Streams serialise onNext calls, so {@code events} needs no synchronisation. */
    @Override
    public void onNext(String line) {
        long now = System.nanoTime();
        if (line.isBlank() || line.contains("\"type\":\"BOOKMARK\"")) {
            return;
        }
        if (line.contains("\"type\":\"ERROR\"")) {
            errors++;
            return;
        }
        int index = events++;
        if (index < arrivals.length) {
            arrivals[index] = now;
            deliveredPerWrite.incrementAndGet(index);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        errors++;
    }

    @Override
    public void onComplete() {
        // The server ended the stream (timeout or shutdown); missing events are counted as missed.
    }

    /** Arrival time of the event of write {@code index}, or 0 when it never came. Read after the counter said it did. */
    long arrival(int index) {
        return arrivals[index];
    }

    int errors() {
        return errors;
    }

    boolean failed() {
        CompletableFuture<HttpResponse<Void>> current = response;
        return current != null && current.isCompletedExceptionally();
    }

    /** Closes the stream whether or not its response headers have arrived yet. */
    void close() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        CompletableFuture<HttpResponse<Void>> pending = response;
        if (pending != null) {
            pending.cancel(true);
        }
    }
}
