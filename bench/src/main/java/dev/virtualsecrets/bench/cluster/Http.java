package dev.virtualsecrets.bench.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Blocking sends for set-up and probes, where any unexpected status is a failure of the run. */
public final class Http {

    private Http() {
    }

    public static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri().getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Sends and requires a 2xx answer (or one of {@code alsoAccepted}); the body is not quoted, it may hold values. */
    public static HttpResponse<String> expectOk(HttpClient client, HttpRequest request, int... alsoAccepted) {
        HttpResponse<String> response = send(client, request);
        int code = response.statusCode();
        if (code / 100 == 2) {
            return response;
        }
        for (int accepted : alsoAccepted) {
            if (code == accepted) {
                return response;
            }
        }
        throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered " + code);
    }
}
