package dev.virtualsecrets.server.endpoints.filters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.config.ServerConfig;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.json.Json;
import dev.virtualsecrets.server.testsupport.TrustAnyServer;
import dev.virtualsecrets.server.tls.ServerTls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLSocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transport's own answers and limits, on a real Helidon server and raw sockets. */
class TransportLimitsTest {

    private static final Duration HEAD_LIMIT = Duration.ofMillis(800);
    private static final Duration SILENT_LIMIT = Duration.ofMillis(1600);

    private TransportLimits limits;
    private WebServer server;
    private boolean tls;

    /** Plain HTTP, or TLS as the server runs (a TLS socket cannot be half-closed: closing differs). */
    private void start(boolean secure) {
        tls = secure;
        limits = new TransportLimits(new Responses(Json.newJsonMapper()),
                new RequestHeadDeadline(HEAD_LIMIT, SILENT_LIMIT), 4096);
        WebServerConfig.Builder builder = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.any((request, response) -> {
                    request.content().consume();
                    response.send("ok");
                }));
        if (secure) {
            builder.tls(ServerTls.create(new ServerConfig.Server("127.0.0.1", 0, null, null, List.of("127.0.0.1"),
                    4096, HEAD_LIMIT, HEAD_LIMIT, Duration.ofSeconds(1), Duration.ZERO)));
        }
        limits.applyTo(builder);
        server = builder.build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
        limits.close();
    }

    private Socket connect() throws IOException {
        Socket plain = new Socket("127.0.0.1", server.port());
        if (!tls) {
            return plain;
        }
        SSLSocket socket = (SSLSocket) TrustAnyServer.sslContext().getSocketFactory()
                .createSocket(plain, "127.0.0.1", server.port(), true);
        socket.startHandshake();
        return socket;
    }

    /** What the server sent before it closed the connection (or the read timed out). */
    private String exchange(String request, int lingerMillis) throws IOException, InterruptedException {
        try (Socket socket = connect()) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(lingerMillis);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                received.write("<timeout>".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // reset by the server: what arrived before counts
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static JsonNode body(String response) throws IOException {
        return Json.newJsonMapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void http10IsABadRequestStatusAsGoAnswersAVersionItDoesNotServe(boolean secure) throws Exception {
        start(secure);
        String response = exchange("GET /livez HTTP/1.0\r\nHost: x\r\n\r\n", 0);
        assertTrue(response.startsWith("HTTP/1.1 400 "), response);
        JsonNode status = body(response);
        assertEquals("Status", status.path("kind").asText());
        assertEquals("BadRequest", status.path("reason").asText());
        assertEquals(400, status.path("code").asInt());
    }

    @Test
    void aBodyBeyondTheTransportLimitIs413WithAStatus() throws Exception {
        start(false);
        String response = exchange("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n" + "a".repeat(10_000), 0);
        assertTrue(response.startsWith("HTTP/1.1 413 "), response);
        assertEquals("RequestEntityTooLarge", body(response).path("reason").asText());
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aHeadNotFinishedInTimeClosesTheConnection(boolean secure) throws Exception {
        start(secure);
        for (String partial : new String[] {"", "GET /liv", "GET /livez HTTP/1.1\r\nHost: x\r\n"}) {
            long start = System.nanoTime();
            String response = exchange(partial, 0);
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertFalse(response.contains("<timeout>"), "closed by the server: " + response);
            // A connection that sent nothing gets the longer silent limit.
            Duration limit = partial.isEmpty() ? SILENT_LIMIT : HEAD_LIMIT;
            assertTrue(millis >= limit.toMillis() - 100 && millis < limit.toMillis() + 3_000, partial + ": " + millis + " ms");
        }
        Thread.sleep(200);
        assertEquals(0, limits.openConnections(), "closed connections are forgotten");
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aKeptAliveConnectionIsNotCutBetweenRequests(boolean secure) throws Exception {
        start(secure);
        try (Socket socket = connect()) {
            socket.setSoTimeout(5_000);
            for (int i = 0; i < 2; i++) {
                socket.getOutputStream().write("GET /x HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                byte[] buffer = new byte[4096];
                int n = socket.getInputStream().read(buffer);
                assertTrue(new String(buffer, 0, n, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200 "));
                Thread.sleep(HEAD_LIMIT.toMillis() * 2); // idle between requests is not a slow head
            }
        }
    }
}
