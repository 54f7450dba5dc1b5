package dev.virtualsecrets.server.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.audit.AuditLog;
import dev.virtualsecrets.server.endpoints.filters.AuditFilter;
import dev.virtualsecrets.server.endpoints.filters.ErrorStatusFilter;
import dev.virtualsecrets.server.endpoints.filters.RequestInfoFilter;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.json.Json;
import dev.virtualsecrets.server.metrics.ServerMetrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real Helidon server on 127.0.0.1 (plain HTTP) running the filters and handlers under test, with
 * the audit lines and metrics it produced, for unit tests of the request pipeline.
 */
public final class HelidonTestServer implements AutoCloseable {

    public static final ObjectMapper JSON = Json.newJsonMapper();

    public final ServerMetrics metrics = new ServerMetrics();
    public final Responses responses = new Responses(JSON);
    private final ByteArrayOutputStream auditOut = new ByteArrayOutputStream();
    public final AuditLog audit = new AuditLog(JSON, new PrintStream(auditOut, true, StandardCharsets.UTF_8), true);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WebServer server;

    public HelidonTestServer start(Consumer<HttpRouting.Builder> routing) {
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start();
        return this;
    }

    /** A request to {@code path} (with its query) on this server, to complete and {@link #send}. */
    /**
     * The pipeline's frame as HandlerChain builds it (request info, audit, Status errors), then
     * {@code filters}, then the handler, guarded as HandlerChain guards it.
     */
    public HelidonTestServer startPipeline(Handler handler, Filter... filters) {
        ErrorStatusFilter errors = new ErrorStatusFilter(responses);
        return start(routing -> {
            routing.addFilter(new RequestInfoFilter())
                    .addFilter(new AuditFilter(audit, metrics, Clock.systemUTC()))
                    .addFilter(errors);
            for (Filter filter : filters) {
                routing.addFilter(filter);
            }
            routing.any(errors.guard(handler));
        });
    }

    public int port() {
        return server.port();
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = request(path);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The response as soon as its headers arrived, its body read line by line (a watch); close the stream when done. */
    public HttpResponse<Stream<String>> stream(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofLines());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request.build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The audit lines, each the record inside {"audit": ...}, once {@code count} were written: the
     * line is written after the response went out, so the client may see the response first.
     */
    public List<JsonNode> auditRecords(int count) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (auditRecords().size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return auditRecords();
    }

    private List<JsonNode> auditRecords() {
        return auditOut.toString(StandardCharsets.UTF_8).lines().map(line -> json(line).path("audit")).toList();
    }

    public static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
