package dev.virtualsecrets.server.node;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client GETting one path through kube-apiserver in a loop (every 20 ms) while a second loop
 * watches the APIService's Available condition (every 250 ms); {@link #stop} tallies both.
 */
final class LoopingClient implements AutoCloseable {

    private static final String API_SERVICE = "/apis/apiregistration.k8s.io/v1/apiservices/v1alpha1.virtualsecrets.dev";
    private static final ObjectMapper JSON = new ObjectMapper();

    @FunctionalInterface
    interface Get {
        HttpResponse<String> get(String path) throws Exception;
    }

    /**
     * @param failed          failures by status code or exception class
     * @param longestOutage   the longest run of consecutive failures, first to last
     */
    record Tally(int succeeded, Map<String, Integer> failed, Duration longestOutage, int apiServiceUnavailable) {

        int failures() {
            return failed.values().stream().mapToInt(Integer::intValue).sum();
        }

        @Override
        public String toString() {
            return succeeded + " GETs succeeded, " + failures() + " failed " + failed + ", longest outage "
                    + longestOutage.toMillis() + " ms, APIService seen unavailable " + apiServiceUnavailable + " times";
        }
    }

    private final Get get;
    private final String path;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Integer> failed = new TreeMap<>();
    private int succeeded;
    private int apiServiceUnavailable;
    private long outageStart = -1;
    private long longestOutage;
    private Thread requests;
    private Thread availability;

    private LoopingClient(Get get, String path) {
        this.get = get;
        this.path = path;
    }

    static LoopingClient start(Get get, String path) {
        LoopingClient client = new LoopingClient(get, path);
        client.requests = Thread.ofVirtual().start(client::loopRequests);
        client.availability = Thread.ofVirtual().start(client::loopAvailability);
        return client;
    }

    private void loopRequests() {
        while (running.get()) {
            String failure;
            try {
                int status = get.get(path).statusCode();
                failure = status == 200 ? null : Integer.toString(status);
            } catch (Exception e) {
                failure = e.getClass().getSimpleName();
            }
            record(failure);
            pause(20);
        }
    }

    private synchronized void record(String failure) {
        long now = System.nanoTime();
        if (failure == null) {
            succeeded++;
            outageStart = -1;
        } else {
            failed.merge(failure, 1, Integer::sum);
            if (outageStart < 0) {
                outageStart = now;
            }
            longestOutage = Math.max(longestOutage, now - outageStart);
        }
    }

    private void loopAvailability() {
        while (running.get()) {
            boolean available;
            try {
                HttpResponse<String> response = get.get(API_SERVICE);
                available = response.statusCode() == 200 && JSON.readTree(response.body()).at("/status/conditions")
                        .valueStream().anyMatch(c -> "Available".equals(c.path("type").asText())
                                && "True".equals(c.path("status").asText()));
            } catch (Exception e) {
                available = false;
            }
            if (!available) {
                synchronized (this) {
                    apiServiceUnavailable++;
                }
            }
            pause(250);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Tally stop() throws InterruptedException {
        running.set(false);
        requests.join();
        availability.join();
        synchronized (this) {
            return new Tally(succeeded, Map.copyOf(failed), Duration.ofNanos(longestOutage), apiServiceUnavailable);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (running.get()) {
            stop();
        }
    }
}
