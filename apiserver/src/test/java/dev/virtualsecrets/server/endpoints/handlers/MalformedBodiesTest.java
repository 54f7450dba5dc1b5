package dev.virtualsecrets.server.endpoints.handlers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.COLLECTION;
import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bodies kube-apiserver refuses for a ConfigMap (compared on the local stack) are refused with a
 * 4xx Status, never a 500, and nothing reaches the storage's writes.
 */
class MalformedBodiesTest {

    private static final String OBJECT = "{\"apiVersion\":\"virtualsecrets.dev/v1alpha1\",\"kind\":\"VirtualSecret\","
            + "\"metadata\":{\"name\":\"probe\"},\"stringData\":{\"a\":\"b\"}}";

    private final ResourceServer server = new ResourceServer();

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("nesting deeper than the parser's limit", "POST", "", "application/json",
                        "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), 400),
                Arguments.of("a number of 2000 digits", "POST", "", "application/json",
                        "{\"metadata\":{\"name\":\"x\"},\"n\":1" + "0".repeat(2000) + "}", 400),
                Arguments.of("garbage after the object", "POST", "", "application/json", OBJECT + " garbage", 400),
                Arguments.of("text/plain", "POST", "", "text/plain", OBJECT, 415),
                Arguments.of("a form", "POST", "", "application/x-www-form-urlencoded", OBJECT, 415),
                Arguments.of("protobuf", "POST", "", "application/vnd.kubernetes.protobuf", "k8s\u0000", 415),
                Arguments.of("PUT as text/plain", "PUT", "/api-key", "text/plain", OBJECT, 415),
                Arguments.of("a number as a label value", "POST", "", "application/json",
                        OBJECT.replace("\"name\":\"probe\"", "\"name\":\"probe\",\"labels\":{\"a\":1}"), 400),
                Arguments.of("a boolean in stringData", "POST", "", "application/json",
                        OBJECT.replace("{\"a\":\"b\"}", "{\"a\":true}"), 400),
                Arguments.of("a resourceVersion on create (kube-apiserver: the same words, but a 500)", "POST", "",
                        "application/json", OBJECT.replace("\"name\":\"probe\"", "\"name\":\"probe\",\"resourceVersion\":\"7\""), 400),
                Arguments.of("a number as the type", "POST", "", "application/json",
                        OBJECT.replace("\"stringData\"", "\"type\":7,\"stringData\""), 400),
                Arguments.of("a JSON patch path without a slash", "PATCH", "/api-key", "application/json-patch+json",
                        "[{\"op\":\"add\",\"path\":\"nope\",\"value\":\"x\"}]", 422),
                Arguments.of("a JSON patch path with ~2", "PATCH", "/api-key", "application/json-patch+json",
                        "[{\"op\":\"add\",\"path\":\"/data/~2\",\"value\":\"eA==\"}]", 422),
                Arguments.of("a JSON patch path ending in ~", "PATCH", "/api-key", "application/json-patch+json",
                        "[{\"op\":\"add\",\"path\":\"/data/~\",\"value\":\"eA==\"}]", 422));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void isRefusedWithAStatus(String what, String method, String item, String contentType, String body, int code) {
        server.storage.put("demo", "api-key");

        HttpResponse<String> response = server.send(method, COLLECTION + item, contentType, body);

        assertEquals(code, response.statusCode(), what + ": " + response.body());
        assertEquals("Status", json(response).path("kind").asText(), response.body());
        assertTrue(server.storage.calls.stream().noneMatch(call -> call.verb().equals("create")
                || call.verb().equals("update")), what + " reached a write: " + server.storage.calls);
    }

    @Test
    void aUtf16BodyIsRefusedAsGoReadsOnlyUtf8() {
        HttpResponse<String> response = server.sendBytes("POST", COLLECTION, "application/json",
                OBJECT.getBytes(java.nio.charset.StandardCharsets.UTF_16));
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(server.storage.calls.stream().noneMatch(call -> call.verb().equals("create")));
    }

    @Test
    void aMalformedChunkedBodyIsABadRequestAtOnceAndTheConnectionCloses() throws Exception {
        for (String chunks : new String[] {"zz\r\nhello\r\n0\r\n\r\n", "5\r\nhel", "-1\r\nx\r\n0\r\n\r\n"}) {
            long start = System.nanoTime();
            String response = server.raw("POST " + COLLECTION + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunks);
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (chunks.equals("5\r\nhel")) {
                // A body that stops short is the client's pause, not malformed: the read timeout bounds it.
                continue;
            }
            assertTrue(response.startsWith("HTTP/1.1 400 "), chunks + ": " + response);
            assertTrue(response.contains("\"kind\":\"Status\""), response);
            assertFalse(response.contains("<still open>"), "the connection is closed: " + response);
            assertTrue(millis < 4_000, millis + " ms");
        }
        assertTrue(server.storage.calls.stream().noneMatch(call -> call.verb().equals("create")));
    }
}
