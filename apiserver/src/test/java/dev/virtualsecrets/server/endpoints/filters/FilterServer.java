package dev.virtualsecrets.server.endpoints.filters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.audit.AuditLog;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.json.Json;
import dev.virtualsecrets.server.metrics.ServerMetrics;
import io.helidon.webserver.WebServer;
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
import java.util.List;
import java.util.function.Consumer;

/**
 * A real Helidon server on 127.0.0.1 (plain HTTP) running the filters under test, with the audit
 * lines and metrics it produced, for filter unit tests.
 */
final class FilterServer implements AutoCloseable {

    static final ObjectMapper JSON = Json.newJsonMapper();

    final ServerMetrics metrics = new ServerMetrics();
    final Responses responses = new Responses(JSON);
    private final ByteArrayOutputStream auditOut = new ByteArrayOutputStream();
    final AuditLog audit = new AuditLog(JSON, new PrintStream(auditOut, true, StandardCharsets.UTF_8), true);
    private final HttpClient client = HttpClient.newHttpClient();
    private WebServer server;

    FilterServer start(Consumer<HttpRouting.Builder> routing) {
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start();
        return this;
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
    List<JsonNode> auditRecords(int count) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (auditRecords().size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
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
        return auditOut.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return JSON.readTree(line).path("audit");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
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
