package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.testsupport.HelidonTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.COLLECTION;
import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PartialObjectMetadata(List) as kube-apiserver negotiates and answers it (checked against a
 * ConfigMap): chosen by the Accept header, metadata only, read through the storage's metadata
 * interfaces so that no value is read at all.
 */
@Timeout(20)
class MetadataOnlyResponsesTest {

    /** What client-go's metadata client sends for a get and a watch, and for a list. */
    static final String METADATA_CLIENT_GET = "application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;"
            + "g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";
    static final String METADATA_CLIENT_LIST = "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;"
            + "g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    /** The stored value of every object of InMemoryStorage, base64 as it would be in {@code data}. */
    private static final String VALUE = "czNjcjN0";

    private ResourceServer server;
    private HttpResponse<Stream<String>> watch;

    @BeforeEach
    void twoObjects() {
        server = new ResourceServer();
        server.storage.put("demo", "api-key");
        server.storage.put("demo", "token");
    }

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.body().close();
        }
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {METADATA_CLIENT_GET, "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1"})
    void aGetAnswersPartialObjectMetadataReadFromMetadataOnly(String accept) {
        HttpResponse<String> response = server.get(COLLECTION + "/api-key", "Accept", accept);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = json(response);
        assertEquals("PartialObjectMetadata", body.path("kind").asText());
        assertEquals("meta.k8s.io/v1", body.path("apiVersion").asText());
        assertEquals(List.of("kind", "apiVersion", "metadata"), fieldNames(body));
        assertEquals("api-key", body.at("/metadata/name").asText());
        assertEquals("demo", body.at("/metadata/namespace").asText());
        assertFalse(body.at("/metadata/uid").asText().isEmpty());
        assertFalse(body.at("/metadata/resourceVersion").asText().isEmpty());
        assertFalse(body.at("/metadata/creationTimestamp").asText().isEmpty());
        assertFalse(response.body().contains(VALUE), response.body());
        assertEquals(List.of("getMetadata"), server.storage.calls.stream().map(InMemoryStorage.Call::verb).toList());
    }

    @Test
    void aListAnswersPartialObjectMetadataListWithItsResourceVersion() {
        HttpResponse<String> response = server.get(COLLECTION, "Accept", METADATA_CLIENT_LIST);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = json(response);
        assertEquals("PartialObjectMetadataList", body.path("kind").asText());
        assertEquals("meta.k8s.io/v1", body.path("apiVersion").asText());
        assertFalse(body.at("/metadata/resourceVersion").asText().isEmpty());
        assertEquals(2, body.path("items").size());
        for (JsonNode item : body.path("items")) {
            assertEquals(List.of("kind", "apiVersion", "metadata"), fieldNames(item));
            assertEquals("PartialObjectMetadata", item.path("kind").asText());
            assertEquals("meta.k8s.io/v1", item.path("apiVersion").asText());
        }
        assertFalse(response.body().contains(VALUE), response.body());
        assertEquals(List.of("listMetadata"), server.storage.calls.stream().map(InMemoryStorage.Call::verb).toList());
    }

    @Test
    void v1beta1IsServedInItsOwnVersion() {
        JsonNode body = json(server.get(COLLECTION, "Accept",
                "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1beta1"));

        assertEquals("meta.k8s.io/v1beta1", body.path("apiVersion").asText());
        assertEquals("meta.k8s.io/v1beta1", body.at("/items/0/apiVersion").asText());
    }

    @Test
    void selectorsFilterTheMetadataList() {
        JsonNode body = json(server.get(COLLECTION + "?fieldSelector=metadata.name%3Dtoken", "Accept",
                METADATA_CLIENT_LIST));

        assertEquals(1, body.path("items").size());
        assertEquals("token", body.at("/items/0/metadata/name").asText());
    }

    @Test
    void aListAskedOfOneObjectAndOneObjectAskedOfAListAre406InKubeApiserversWords() {
        HttpResponse<String> get = server.get(COLLECTION + "/api-key", "Accept", METADATA_CLIENT_LIST);
        HttpResponse<String> list = server.get(COLLECTION, "Accept",
                "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");

        assertEquals(406, get.statusCode());
        assertEquals("NotAcceptable", json(get).path("reason").asText());
        assertEquals("you requested PartialObjectMetadataList, but the requested object is not a list "
                + "(*virtualsecrets.VirtualSecret)", json(get).path("message").asText());
        assertEquals(406, list.statusCode());
        assertEquals("you requested PartialObjectMetadata, but the requested object is a list "
                + "(*virtualsecrets.VirtualSecretList)", json(list).path("message").asText());
        assertTrue(server.storage.calls.isEmpty(), "nothing is read for a request that cannot be answered");
    }

    @Test
    void protobufAloneIsNotServed() {
        HttpResponse<String> response = server.get(COLLECTION, "Accept",
                "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1");

        assertEquals(406, response.statusCode());
    }

    @Test
    void plainJsonFirstWinsOverPartialObjectMetadata() {
        JsonNode body = json(server.get(COLLECTION + "/api-key", "Accept",
                "application/json,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1"));

        assertEquals("VirtualSecret", body.path("kind").asText());
    }

    @Test
    void aWatchSendsPartialObjectMetadataEventsAndReadsNoValueForTheInitialOnes() {
        watch = server.watch("allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan",
                "Accept", METADATA_CLIENT_GET);
        assertEquals(200, watch.statusCode());
        assertEquals("application/json", watch.headers().firstValue("Content-Type").orElse(""));
        Iterator<String> lines = watch.body().iterator();

        List<String> initial = List.of(lines.next(), lines.next(), lines.next());
        server.storage.put("demo", "db-password");
        String live = lines.next();

        for (String line : initial) {
            assertFalse(line.contains(VALUE), line);
            JsonNode object = HelidonTestServer.json(line).path("object");
            assertEquals("PartialObjectMetadata", object.path("kind").asText(), line);
            assertEquals("meta.k8s.io/v1", object.path("apiVersion").asText());
        }
        assertEquals("true", HelidonTestServer.json(initial.get(2))
                .at("/object/metadata/annotations/k8s.io~1initial-events-end").asText());
        JsonNode event = HelidonTestServer.json(live);
        assertEquals("ADDED", event.path("type").asText());
        assertEquals(List.of("kind", "apiVersion", "metadata"), fieldNames(event.path("object")));
        assertEquals("db-password", event.at("/object/metadata/name").asText());
        assertFalse(live.contains(VALUE), live);
        assertTrue(server.storage.calls.stream().noneMatch(call -> call.verb().equals("list")),
                "the initial events are read as metadata: " + server.storage.calls);
    }

    @Test
    void aWatchAskedForPartialObjectMetadataListStillSendsMetadataOnly() {
        watch = server.watch("", "Accept", METADATA_CLIENT_LIST);
        Iterator<String> lines = watch.body().iterator();

        String first = lines.next();

        assertEquals("PartialObjectMetadata", HelidonTestServer.json(first).at("/object/kind").asText());
        assertFalse(first.contains(VALUE), first);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
