package dev.virtualsecrets.server.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscoveryDocumentsTest {

    private static final List<String> VERBS = List.of("create", "delete", "get", "list", "patch", "update", "watch");

    private final ObjectMapper mapper = Json.newJsonMapper();
    private final DiscoveryDocuments documents = new DiscoveryDocuments(mapper, Set.of("watch", "create", "delete", "get", "list", "patch", "update"));

    @Test
    void apiGroupListNamesTheGroupAndItsPreferredVersion() throws IOException {
        JsonNode list = parse(documents.apiGroupList());
        assertEquals("APIGroupList", list.path("kind").asText());
        assertEquals("v1", list.path("apiVersion").asText());
        assertEquals(1, list.path("groups").size());
        JsonNode group = list.path("groups").get(0);
        assertEquals("virtualsecrets.dev", group.path("name").asText());
        assertEquals("virtualsecrets.dev/v1alpha1", group.path("versions").get(0).path("groupVersion").asText());
        assertEquals("v1alpha1", group.path("versions").get(0).path("version").asText());
        assertEquals("virtualsecrets.dev/v1alpha1", group.path("preferredVersion").path("groupVersion").asText());
        assertEquals("application/json", documents.apiGroupList().contentType());
    }

    @Test
    void apiGroupIsTheGroupWithItsOwnKind() throws IOException {
        JsonNode group = parse(documents.apiGroup());
        assertEquals("APIGroup", group.path("kind").asText());
        assertEquals("v1", group.path("apiVersion").asText());
        assertEquals("virtualsecrets.dev", group.path("name").asText());
        assertEquals("v1alpha1", group.path("preferredVersion").path("version").asText());
    }

    @Test
    void apiResourceListDescribesVirtualSecrets() throws IOException {
        JsonNode list = parse(documents.apiResourceList());
        assertEquals("APIResourceList", list.path("kind").asText());
        assertEquals("v1", list.path("apiVersion").asText());
        assertEquals("virtualsecrets.dev/v1alpha1", list.path("groupVersion").asText());
        JsonNode resource = list.path("resources").get(0);
        assertEquals("virtualsecrets", resource.path("name").asText());
        assertEquals("virtualsecret", resource.path("singularName").asText());
        assertTrue(resource.path("namespaced").asBoolean());
        assertEquals("VirtualSecret", resource.path("kind").asText());
        assertEquals(VERBS, strings(resource.path("verbs")));
        assertEquals(List.of("vsec"), strings(resource.path("shortNames")));
        assertFalse(resource.has("categories"), "secrets stay out of 'kubectl get all'");
    }

    @Test
    void aggregatedDiscoveryV2() throws IOException {
        StaticDocument document = documents.aggregatedDiscovery("v2");
        assertEquals("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", document.contentType());
        JsonNode list = parse(document);
        assertEquals("APIGroupDiscoveryList", list.path("kind").asText());
        assertEquals("apidiscovery.k8s.io/v2", list.path("apiVersion").asText());
        JsonNode group = list.path("items").get(0);
        assertEquals("virtualsecrets.dev", group.path("metadata").path("name").asText());
        JsonNode version = group.path("versions").get(0);
        assertEquals("v1alpha1", version.path("version").asText());
        assertEquals("Current", version.path("freshness").asText());
        JsonNode resource = version.path("resources").get(0);
        assertEquals("virtualsecrets", resource.path("resource").asText());
        assertEquals("virtualsecrets.dev", resource.path("responseKind").path("group").asText());
        assertEquals("v1alpha1", resource.path("responseKind").path("version").asText());
        assertEquals("VirtualSecret", resource.path("responseKind").path("kind").asText());
        assertEquals("Namespaced", resource.path("scope").asText());
        assertEquals("virtualsecret", resource.path("singularResource").asText());
        assertEquals(VERBS, strings(resource.path("verbs")));
        assertEquals(List.of("vsec"), strings(resource.path("shortNames")));
    }

    @Test
    void aggregatedDiscoveryV2beta1AnswersWithItsOwnVersion() throws IOException {
        StaticDocument document = documents.aggregatedDiscovery("v2beta1");
        assertEquals("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
                document.contentType());
        assertEquals("apidiscovery.k8s.io/v2beta1", parse(document).path("apiVersion").asText());
        assertThrows(IllegalArgumentException.class, () -> documents.aggregatedDiscovery("v1"));
    }

    @Test
    void apisNegotiatesBetweenAggregatedAndLegacy() {
        assertSame(documents.aggregatedDiscovery("v2"), documents.apis(
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"));
        assertSame(documents.apiGroupList(), documents.apis("application/json, */*"));
        assertSame(documents.apiGroupList(), documents.apis(null));
    }

    @Test
    void etagsAreQuotedHashesAndMatchIfNoneMatch() {
        StaticDocument document = documents.apiResourceList();
        assertEquals("\"" + StaticDocument.sha512Hex(document.body()) + "\"", document.etag());
        assertTrue(document.hash().matches("[0-9A-F]{128}"));
        assertTrue(document.notModified(document.etag()));
        assertTrue(document.notModified("\"other\", W/" + document.etag()));
        assertTrue(document.notModified("*"));
        assertFalse(document.notModified("\"other\""));
        assertFalse(document.notModified(null));
        assertFalse(document.notModified(document.hash()));
    }

    private JsonNode parse(StaticDocument document) throws IOException {
        return mapper.readTree(document.body());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
