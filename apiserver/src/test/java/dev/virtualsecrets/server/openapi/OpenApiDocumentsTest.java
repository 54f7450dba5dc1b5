package dev.virtualsecrets.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiDocumentsTest {

    private static final String PREFIX = "dev.virtualsecrets.v1alpha1.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final List<String> REQUIRED_DEFINITIONS = List.of(
            PREFIX + "VirtualSecret", PREFIX + "VirtualSecretList", PREFIX + "VirtualSecretSpec",
            PREFIX + "VirtualSecretSource", PREFIX + "VirtualSecretStatus", PREFIX + "VirtualSecretLease",
            META + "ObjectMeta", META + "ListMeta", META + "ManagedFieldsEntry", META + "OwnerReference",
            META + "Time", META + "FieldsV1", META + "Status", META + "StatusDetails", META + "StatusCause",
            META + "DeleteOptions", META + "Preconditions", META + "WatchEvent", META + "Patch");
    private static final String COLLECTION = "/apis/virtualsecrets.dev/v1alpha1/namespaces/{namespace}/virtualsecrets";
    private static final String ITEM = COLLECTION + "/{name}";
    private static final String ALL_NAMESPACES = "/apis/virtualsecrets.dev/v1alpha1/virtualsecrets";
    private static final Set<String> PATCH_TYPES = Set.of("application/json-patch+json",
            "application/merge-patch+json", "application/apply-patch+yaml");

    private final ObjectMapper mapper = Json.newJsonMapper();
    private final OpenApiDocuments documents = new OpenApiDocuments(mapper);

    @Test
    void v2HasEveryDefinitionAndEveryRefResolves() throws IOException {
        JsonNode v2 = mapper.readTree(documents.v2());
        assertEquals("2.0", v2.path("swagger").asText());
        JsonNode definitions = v2.path("definitions");
        REQUIRED_DEFINITIONS.forEach(name -> assertTrue(definitions.has(name), name));
        List<String> refs = refs(v2);
        assertTrue(refs.size() > 20);
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/definitions/"), ref);
            assertTrue(definitions.has(ref.substring("#/definitions/".length())), "dangling " + ref);
        }
    }

    @Test
    void v3HasEveryComponentAndEveryRefResolvesWithoutSiblings() throws IOException {
        JsonNode v3 = mapper.readTree(documents.v3GroupVersion());
        assertTrue(v3.path("openapi").asText().startsWith("3.0"));
        JsonNode schemas = v3.path("components").path("schemas");
        REQUIRED_DEFINITIONS.forEach(name -> assertTrue(schemas.has(name), name));
        List<String> refs = refs(v3);
        assertTrue(refs.size() > 20);
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/components/schemas/"), ref);
            assertTrue(schemas.has(ref.substring("#/components/schemas/".length())), "dangling " + ref);
        }
        assertNoRefWithSiblings(v3);
        JsonNode metadata = schemas.path(PREFIX + "VirtualSecret").path("properties").path("metadata");
        assertEquals("#/components/schemas/" + META + "ObjectMeta", metadata.path("allOf").get(0).path("$ref").asText());
        assertFalse(metadata.path("description").asText().isEmpty());
    }

    @Test
    void kindsCarryTheirGroupVersionKind() throws IOException {
        for (JsonNode definitions : List.of(mapper.readTree(documents.v2()).path("definitions"),
                mapper.readTree(documents.v3GroupVersion()).path("components").path("schemas"))) {
            for (String kind : List.of("VirtualSecret", "VirtualSecretList")) {
                JsonNode gvk = definitions.path(PREFIX + kind).path("x-kubernetes-group-version-kind");
                assertEquals(1, gvk.size());
                assertEquals("virtualsecrets.dev", gvk.get(0).path("group").asText());
                assertEquals("v1alpha1", gvk.get(0).path("version").asText());
                assertEquals(kind, gvk.get(0).path("kind").asText());
            }
        }
    }

    @Test
    void dataIsAMapOfBase64Bytes() throws IOException {
        JsonNode properties = mapper.readTree(documents.v2()).path("definitions").path(PREFIX + "VirtualSecret")
                .path("properties");
        JsonNode data = properties.path("data");
        assertEquals("object", data.path("type").asText());
        assertEquals("string", data.path("additionalProperties").path("type").asText());
        assertEquals("byte", data.path("additionalProperties").path("format").asText());
        assertTrue(data.path("description").asText().contains("never stored in etcd"));
        assertTrue(properties.path("stringData").path("description").asText().contains("write-only"));
        assertTrue(properties.path("spec").path("description").asText().contains("Read-only"));
        for (String field : List.of("apiVersion", "kind", "metadata", "type", "spec", "status")) {
            assertFalse(properties.path(field).path("description").asText().isEmpty(), field);
        }
    }

    @Test
    void operationsAreThoseOfANamespacedResource() throws IOException {
        for (JsonNode paths : List.of(mapper.readTree(documents.v2()).path("paths"),
                mapper.readTree(documents.v3GroupVersion()).path("paths"))) {
            assertEquals(Set.of(ALL_NAMESPACES, COLLECTION, ITEM), fieldNames(paths));
            assertEquals(Map.of("get", "list"), actions(paths.path(ALL_NAMESPACES)));
            assertEquals(Map.of("get", "list", "post", "post"), actions(paths.path(COLLECTION)));
            assertEquals(Map.of("get", "get", "put", "put", "patch", "patch", "delete", "delete"),
                    actions(paths.path(ITEM)));
            paths.forEach(path -> path.properties().forEach(e -> {
                if (!e.getKey().equals("parameters")) {
                    JsonNode gvk = e.getValue().path("x-kubernetes-group-version-kind");
                    assertEquals("VirtualSecret", gvk.path("kind").asText());
                    assertEquals("virtualsecrets.dev", gvk.path("group").asText());
                    assertEquals("v1alpha1", gvk.path("version").asText());
                }
            }));
            Set<String> listParameters = parameterNames(paths.path(COLLECTION).path("get"));
            assertTrue(listParameters.containsAll(Set.of("labelSelector", "fieldSelector", "resourceVersion",
                    "resourceVersionMatch", "timeoutSeconds", "watch", "allowWatchBookmarks", "sendInitialEvents",
                    "limit", "continue")), listParameters.toString());
            assertTrue(parameterNames(paths.path(ITEM)).contains("pretty"));
            assertTrue(parameterNames(paths.path(ITEM).path("delete")).contains("dryRun"));
        }
    }

    /** kubectl's queryParamVerifierV3 looks for fieldValidation among the PATCH operation's own parameters. */
    @Test
    void writesAdvertiseServerSideFieldValidationInline() throws IOException {
        for (JsonNode paths : List.of(mapper.readTree(documents.v2()).path("paths"),
                mapper.readTree(documents.v3GroupVersion()).path("paths"))) {
            for (JsonNode operation : List.of(paths.path(COLLECTION).path("post"), paths.path(ITEM).path("put"),
                    paths.path(ITEM).path("patch"))) {
                Set<String> names = parameterNames(operation);
                assertTrue(names.containsAll(Set.of("dryRun", "fieldManager", "fieldValidation")), names.toString());
            }
            assertTrue(parameterNames(paths.path(ITEM).path("patch")).contains("force"));
        }
    }

    /** kubectl picks strategic merge only when advertised; we serve JSON, merge and apply patches. */
    @Test
    void patchAdvertisesNoStrategicMerge() throws IOException {
        JsonNode v2Patch = mapper.readTree(documents.v2()).path("paths").path(ITEM).path("patch");
        Set<String> consumes = new TreeSet<>();
        v2Patch.path("consumes").forEach(c -> consumes.add(c.asText()));
        assertEquals(PATCH_TYPES, consumes);
        JsonNode v3Patch = mapper.readTree(documents.v3GroupVersion()).path("paths").path(ITEM).path("patch");
        assertEquals(PATCH_TYPES, fieldNames(v3Patch.path("requestBody").path("content")));
    }

    @Test
    void v3IndexLinksTheGroupVersionByItsHash() throws IOException, NoSuchAlgorithmException {
        String hash = HexFormat.of().withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-512").digest(documents.v3GroupVersion()));
        assertEquals(hash, documents.v3Hash());
        JsonNode index = mapper.readTree(documents.v3Index());
        assertEquals(Set.of("apis/virtualsecrets.dev/v1alpha1"), fieldNames(index.path("paths")));
        assertEquals("/openapi/v3/apis/virtualsecrets.dev/v1alpha1?hash=" + hash,
                index.path("paths").path("apis/virtualsecrets.dev/v1alpha1").path("serverRelativeURL").asText());
        assertEquals(documents.v3GroupVersionUrl(),
                index.path("paths").path("apis/virtualsecrets.dev/v1alpha1").path("serverRelativeURL").asText());
        assertEquals("\"" + hash + "\"", documents.v3GroupVersionETag());
        assertTrue(documents.isCurrentV3Hash(hash));
        assertTrue(documents.isCurrentV3Hash(null));
        assertFalse(documents.isCurrentV3Hash("ABC"));
    }

    @Test
    void etagsAreQuotedAndDiffer() {
        Set<String> etags = Set.of(documents.v2ETag(), documents.v3IndexETag(), documents.v3GroupVersionETag());
        assertEquals(3, etags.size());
        etags.forEach(etag -> assertTrue(etag.matches("\"[0-9A-F]{128}\""), etag));
        assertTrue(documents.v2Document().notModified(documents.v2ETag()));
    }

    @Test
    void documentsAreStableAcrossInstances() {
        OpenApiDocuments again = new OpenApiDocuments(Json.newJsonMapper());
        assertEquals(documents.v3Hash(), again.v3Hash());
        assertEquals(documents.v2ETag(), again.v2ETag());
    }

    private static List<String> refs(JsonNode node) {
        List<String> refs = new ArrayList<>();
        collectRefs(node, refs);
        return refs;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }

    private static void assertNoRefWithSiblings(JsonNode node) {
        if (node.isObject() && node.has("$ref")) {
            assertEquals(1, node.size(), "OpenAPI 3.0 ignores siblings of $ref: " + node);
        }
        node.forEach(OpenApiDocumentsTest::assertNoRefWithSiblings);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, String> actions(JsonNode path) {
        Map<String, String> actions = new HashMap<>();
        path.properties().forEach(e -> {
            if (!e.getKey().equals("parameters")) {
                actions.put(e.getKey(), e.getValue().path("x-kubernetes-action").asText());
            }
        });
        return actions;
    }

    private static Set<String> parameterNames(JsonNode operationOrPath) {
        Set<String> names = new TreeSet<>();
        operationOrPath.path("parameters").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }
}
