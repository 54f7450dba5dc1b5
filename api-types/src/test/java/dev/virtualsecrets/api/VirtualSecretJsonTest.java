package dev.virtualsecrets.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model must mean the same to the server (Jackson) and to the official Java client (Gson). */
class VirtualSecretJsonTest {

    /** Not valid UTF-8 on purpose: data is bytes, like core/v1 Secret. */
    private static final byte[] BINARY = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 'x', '\n'};
    private static final byte[] PASSWORD = "s3cr3t-value".getBytes(StandardCharsets.UTF_8);

    private static final Pattern RFC_3339_UTC =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    static Stream<Arguments> writerAndReader() {
        List<Arguments> pairs = new ArrayList<>();
        for (Serialization writer : Serialization.values()) {
            for (Serialization reader : Serialization.values()) {
                pairs.add(Arguments.of(writer, reader));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("writerAndReader")
    void virtualSecretRoundTrips(Serialization writer, Serialization reader) {
        VirtualSecret original = fullyPopulated("db-password");

        VirtualSecret read = reader.read(writer.write(original), VirtualSecret.class);

        assertEquals(original, read);
        assertArrayEquals(BINARY, read.getData().get("blob"));
        assertEquals(OffsetDateTime.of(2026, 11, 28, 1, 2, 3, 0, ZoneOffset.UTC),
                read.getMetadata().getCreationTimestamp());
        assertEquals(Map.of("app", "payments-db"), read.getMetadata().getLabels());
        assertEquals(3600L, read.getStatus().getLease().getDurationSeconds());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("writerAndReader")
    void virtualSecretListRoundTrips(Serialization writer, Serialization reader) {
        VirtualSecretList original = fullList();

        VirtualSecretList read = reader.read(writer.write(original), VirtualSecretList.class);

        assertEquals(original, read);
        assertEquals("100", read.getMetadata().getResourceVersion());
        assertEquals(2, read.getItems().size());
        assertArrayEquals(BINARY, read.getItems().get(1).getData().get("blob"));
    }

    @ParameterizedTest
    @EnumSource(Serialization.class)
    void virtualSecretJsonHasKubernetesShape(Serialization serialization) {
        JsonNode json = Serialization.tree(serialization.write(fullyPopulated("db-password")));

        assertVirtualSecretShape(json);
        assertNoNulls(json, "$");
    }

    @ParameterizedTest
    @EnumSource(Serialization.class)
    void virtualSecretListJsonHasKubernetesShape(Serialization serialization) {
        JsonNode json = Serialization.tree(serialization.write(fullList()));

        assertEquals("virtualsecrets.dev/v1alpha1", json.path("apiVersion").asText());
        assertEquals("VirtualSecretList", json.path("kind").asText());
        assertEquals("100", json.path("metadata").path("resourceVersion").asText());
        assertEquals(2, json.path("items").size());
        assertVirtualSecretShape(json.path("items").get(1));
        assertNoNulls(json, "$");
    }

    @Test
    void serverWritesTimestampsInWholeSeconds() {
        JsonNode json = Serialization.tree(Serialization.JACKSON.write(fullyPopulated("db-password")));

        assertEquals("2026-11-28T01:02:03Z", json.path("metadata").path("creationTimestamp").asText());
        assertEquals("2026-11-28T02:02:03Z", json.path("status").path("lease").path("expiresAt").asText());
    }

    @Test
    void jacksonWritesWhatGsonWritesExceptEmptyCollectionsAndTimestampPrecision() {
        JsonNode jackson = Serialization.tree(Serialization.JACKSON.write(fullyPopulated("db-password")));
        ObjectNode gson = (ObjectNode) Serialization.tree(Serialization.GSON.write(fullyPopulated("db-password")));
        ObjectNode gsonMetadata = (ObjectNode) gson.path("metadata");
        gsonMetadata.remove(List.of("finalizers", "ownerReferences", "managedFields"));
        gsonMetadata.put("creationTimestamp", "2026-11-28T01:02:03Z");
        ((ObjectNode) gson.path("status").path("lease")).put("expiresAt", "2026-11-28T02:02:03Z");

        assertEquals(jackson, gson);
    }

    @Test
    void serverOmitsEmptyMetadataCollections() {
        VirtualSecret minimal = new VirtualSecret().metadata(new V1ObjectMeta().name("x").namespace("ns"));

        JsonNode json = Serialization.tree(Serialization.JACKSON.write(minimal));

        assertEquals(Serialization.tree("""
                {"apiVersion":"virtualsecrets.dev/v1alpha1","kind":"VirtualSecret",
                 "metadata":{"name":"x","namespace":"ns"}}"""), json);
    }

    @Test
    void toStringNeverContainsDataValues() {
        VirtualSecret secret = fullyPopulated("db-password")
                .stringData(Map.of("token", "plain-token-value"));
        String base64 = Base64.getEncoder().encodeToString(PASSWORD);

        for (String text : List.of(secret.toString(), fullList().toString())) {
            assertTrue(text.contains("password"), text);
            assertFalse(text.contains("s3cr3t-value"), text);
            assertFalse(text.contains(base64), text);
            assertFalse(text.contains("plain-token-value"), text);
        }
    }

    private static void assertVirtualSecretShape(JsonNode json) {
        assertEquals("virtualsecrets.dev/v1alpha1", json.path("apiVersion").asText());
        assertEquals("VirtualSecret", json.path("kind").asText());
        assertEquals("Opaque", json.path("type").asText());
        assertEquals(Base64.getEncoder().encodeToString(PASSWORD), json.path("data").path("password").asText());
        assertEquals(Base64.getEncoder().encodeToString(BINARY), json.path("data").path("blob").asText());
        JsonNode metadata = json.path("metadata");
        assertRfc3339("2026-11-28T01:02:03Z", metadata.path("creationTimestamp"));
        assertEquals("payments", metadata.path("namespace").asText());
        assertEquals("42", metadata.path("resourceVersion").asText());
        assertEquals("payments-db", metadata.path("labels").path("app").asText());
        assertEquals("kv-v2", json.path("spec").path("source").path("engine").asText());
        assertEquals(3, json.path("status").path("version").asInt());
        assertTrue(json.path("status").path("version").isIntegralNumber());
        JsonNode lease = json.path("status").path("lease");
        assertRfc3339("2026-11-28T02:02:03Z", lease.path("expiresAt"));
        assertTrue(lease.path("renewable").isBoolean());
        assertTrue(lease.path("durationSeconds").isIntegralNumber());
    }

    /**
     * The server (Jackson) writes whole seconds, as kube-apiserver does; the official client's
     * Gson always adds microseconds ({@code .000000Z}), also valid RFC 3339, which both read.
     */
    private static void assertRfc3339(String expected, JsonNode node) {
        assertTrue(node.isTextual(), String.valueOf(node));
        String text = node.asText();
        assertTrue(RFC_3339_UTC.matcher(text).matches(), text);
        assertEquals(OffsetDateTime.parse(expected), OffsetDateTime.parse(text));
    }

    private static void assertNoNulls(JsonNode node, String path) {
        assertFalse(node.isNull(), "null at " + path);
        if (node.isObject()) {
            node.properties().forEach(field -> assertNoNulls(field.getValue(), path + "." + field.getKey()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertNoNulls(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static VirtualSecret fullyPopulated(String name) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        data.put("password", PASSWORD);
        data.put("blob", BINARY);
        return new VirtualSecret()
                .metadata(new V1ObjectMeta()
                        .name(name)
                        .namespace("payments")
                        .uid("5b0c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3")
                        .resourceVersion("42")
                        .creationTimestamp(OffsetDateTime.of(2026, 11, 28, 1, 2, 3, 0, ZoneOffset.UTC))
                        .labels(Map.of("app", "payments-db"))
                        .annotations(Map.of("virtualsecrets.dev/owner", "team-a")))
                .type(VirtualSecrets.TYPE_OPAQUE)
                .data(data)
                .spec(new VirtualSecretSpec().source(new VirtualSecretSource()
                        .engine(VirtualSecretSource.ENGINE_KV_V2)
                        .path("secret/data/kubernetes/payments/" + name)))
                .status(new VirtualSecretStatus()
                        .version(3L)
                        .lease(new VirtualSecretLease()
                                .id("database/creds/payments-db/AbCdEf")
                                .durationSeconds(3600L)
                                .renewable(true)
                                .expiresAt(OffsetDateTime.of(2026, 11, 28, 2, 2, 3, 0, ZoneOffset.UTC))));
    }

    private static VirtualSecretList fullList() {
        return new VirtualSecretList()
                .metadata(new V1ListMeta().resourceVersion("100"))
                .items(List.of(fullyPopulated("db-password"), fullyPopulated("api-key")));
    }
}
