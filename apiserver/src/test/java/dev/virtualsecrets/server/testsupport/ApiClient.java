package dev.virtualsecrets.server.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTPS calls to the server, for tests that check status codes, headers and bodies exactly. */
public final class ApiClient {

    public static final String VSEC = "/apis/virtualsecrets.dev/v1alpha1";
    private static final ObjectMapper JSON = Json.newJsonMapper();

    private final HttpClient http;
    private final URI base;
    private final String bearerToken;

    public ApiClient(HttpClient http, URI base) {
        this(http, base, null);
    }

    private ApiClient(HttpClient http, URI base, String bearerToken) {
        this.http = http;
        this.base = base;
        this.bearerToken = bearerToken;
    }

    /** The same client, sending {@code Authorization: Bearer <token>} with every request. */
    public ApiClient withBearerToken(String token) {
        return new ApiClient(http, base, token);
    }

    public static String collection(String namespace) {
        return VSEC + "/namespaces/" + namespace + "/virtualsecrets";
    }

    public static String item(String namespace, String name) {
        return collection(namespace) + "/" + name;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return send(request(path, withContentType(headers, "application/json"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> put(String path, String body, String... headers) {
        return send(request(path, withContentType(headers, "application/json"))
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> patch(String path, String contentType, String body, String... headers) {
        return send(request(path, withContentType(headers, contentType))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public <T> java.util.concurrent.CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                                                                                  HttpResponse.BodyHandler<T> handler) {
        return http.sendAsync(request, handler);
    }

    public HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        return builder;
    }

    /**
     * A response body fit for a failure message: a Status's reason and message; of anything else
     * only its kind, since an object's body holds secret values.
     */
    public static String describe(String body) {
        try {
            JsonNode answer = JSON.readTree(body);
            if (answer != null && "Status".equals(answer.path("kind").asText())) {
                return answer.path("reason").asText() + ": " + answer.path("message").asText();
            }
            return answer == null ? "(no body)" : "a " + answer.path("kind").asText("non-Status") + " (body not shown)";
        } catch (IOException e) {
            return "(not JSON, " + body.length() + " characters)";
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        return send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String[] withContentType(String[] headers, String contentType) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Content-Type")) {
                return headers;
            }
        }
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Content-Type";
        all[headers.length + 1] = contentType;
        return all;
    }
}
