package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.endpoints.filters.AuditFilter;
import dev.virtualsecrets.server.endpoints.filters.ErrorStatusFilter;
import dev.virtualsecrets.server.endpoints.filters.RequestContext;
import dev.virtualsecrets.server.endpoints.filters.RequestInfoFilter;
import dev.virtualsecrets.server.json.Json;
import dev.virtualsecrets.server.patch.FieldManager;
import dev.virtualsecrets.server.patch.PatchApplier;
import dev.virtualsecrets.server.registry.KubernetesControllers;
import dev.virtualsecrets.server.registry.SourceRouter;
import dev.virtualsecrets.server.table.TableRenderer;
import dev.virtualsecrets.server.testsupport.HelidonTestServer;
import dev.virtualsecrets.server.testsupport.MutableClock;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.watch.EventHistory;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchHub;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static dev.virtualsecrets.server.testsupport.HelidonTestServer.JSON;

/**
 * The VirtualSecrets endpoint wired as ServerAssembly wires it (dispatcher, verb handlers, watch
 * responder) over an {@link InMemoryStorage} catch-all and a {@link ReadOnlyStorage} for
 * {@code db-*}, behind the filters that answer failures as Statuses, on a real Helidon server.
 * Requests reach the dispatcher as {@link #CALLER}, as if authenticated and authorized.
 */
final class ResourceServer implements AutoCloseable {

    static final CallerIdentity CALLER = CallerIdentity.of("alice", List.of("system:authenticated"));
    static final String COLLECTION = "/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets";

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    final ResourceVersionClock versions = new ResourceVersionClock(clock);
    final WatchHub hub;
    final InMemoryStorage storage;
    final ReadOnlyStorage readOnly = new ReadOnlyStorage();
    private final HelidonTestServer http = new HelidonTestServer();

    ResourceServer() {
        this(100, Duration.ofMinutes(1), Duration.ofSeconds(30), WatchVisibility.everything());
    }

    /** With the watch settings of ServerConfig.Watch, and who may see which event. */
    ResourceServer(int watchQueueSize, Duration bookmarkInterval, Duration maxWatchTimeout,
                   WatchVisibility visibility) {
        this(watchQueueSize, bookmarkInterval, maxWatchTimeout, visibility, KubernetesControllers.none());
    }

    /** With Kubernetes' controllers and namespace deletion as {@code controllers} sees them. */
    ResourceServer(KubernetesControllers controllers) {
        this(100, Duration.ofMinutes(1), Duration.ofSeconds(30), WatchVisibility.everything(), controllers);
    }

    private ResourceServer(int watchQueueSize, Duration bookmarkInterval, Duration maxWatchTimeout,
                           WatchVisibility visibility, KubernetesControllers controllers) {
        hub = new WatchHub(versions, EventHistory.DEFAULT_CAPACITY, watchQueueSize);
        storage = new InMemoryStorage(versions, hub);
        SourceRouter sources = new SourceRouter(storage, List.of(readOnly));
        ObjectCodec codec = new ObjectCodec(JSON);
        TableRenderer tables = new TableRenderer(JSON, clock);
        WatchResponder watches = new WatchResponder(sources, hub, versions, tables, http.responses,
                bookmarkInterval, maxWatchTimeout, visibility);
        Endpoint dispatcher = ResourceDispatcher.create(sources, controllers, versions, codec, new ObjectValidator(codec),
                new PatchApplier(clock, JSON, Json.newYamlMapper()), tables,
                new RequestBodies(1 << 20, Duration.ofSeconds(60), JSON, Json.newYamlMapper()), http.responses, watches, new FieldManager(clock));
        ErrorStatusFilter errors = new ErrorStatusFilter(http.responses);
        http.start(routing -> routing
                .addFilter(new RequestInfoFilter())
                .addFilter(new AuditFilter(http.audit, http.metrics, clock))
                .addFilter(errors)
                .any(errors.guard((request, response) -> dispatcher.handle(
                        new Exchange(request, response, RequestContext.requestInfo(request), CALLER)))));
    }

    /** What the server answers to {@code request} sent as raw bytes, until it closes (at most 5 s). */
    String raw(String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", http.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                received.writeBytes("<still open>".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            return received.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    HttpResponse<String> get(String path, String... headers) {
        return http.get(path, headers);
    }

    HttpResponse<String> send(String method, String path, String contentType, String body) {
        return http.send(http.request(path).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> sendBytes(String method, String path, String contentType, byte[] body) {
        return http.send(http.request(path).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    HttpResponse<String> delete(String path) {
        return http.send(http.request(path).DELETE());
    }

    /** A watch of the demo namespace with this query (after {@code watch=true}), read as it streams. */
    HttpResponse<Stream<String>> watch(String query, String... headers) {
        HttpRequest.Builder request = http.request(COLLECTION + "?watch=true" + (query.isEmpty() ? "" : "&" + query));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.stream(request);
    }

    static JsonNode json(HttpResponse<String> response) {
        return HelidonTestServer.json(response);
    }

    @Override
    public void close() {
        http.close();
    }
}
