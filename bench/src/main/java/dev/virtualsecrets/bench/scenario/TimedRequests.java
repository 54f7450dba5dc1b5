package dev.virtualsecrets.bench.scenario;

import dev.virtualsecrets.bench.stats.Samples;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One request at a time, timed: for scenarios that measure single requests rather than load. */
final class TimedRequests {

    private TimedRequests() {
    }

    /**
     * Sends {@code request}; when it succeeds (200, or {@code alsoOk}) its latency goes to
     * {@code samples} (nullable: not measured). Returns 1 on failure, 0 otherwise.
     */
    static int send(HttpClient client, HttpRequest request, Samples samples, int alsoOk) {
        long start = System.nanoTime();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200 && response.statusCode() != alsoOk) {
                return 1;
            }
            if (samples != null) {
                samples.add(System.nanoTime() - start);
            }
            return 0;
        } catch (IOException e) {
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
