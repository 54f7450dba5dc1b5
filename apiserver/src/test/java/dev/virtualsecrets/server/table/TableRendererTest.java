package dev.virtualsecrets.server.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecretLease;
import dev.virtualsecrets.api.VirtualSecretList;
import dev.virtualsecrets.api.VirtualSecretSource;
import dev.virtualsecrets.api.VirtualSecretSpec;
import dev.virtualsecrets.api.VirtualSecretStatus;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.json.Json;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableRendererTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private final ObjectMapper mapper = Json.newJsonMapper();
    private final TableRenderer renderer = new TableRenderer(mapper, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void listTableHasColumnsRowsAndTheListResourceVersion() throws Exception {
        VirtualSecretList list = new VirtualSecretList()
                .metadata(new V1ListMeta().resourceVersion("42"))
                .items(List.of(kvSecret(), databaseSecret()));
        JsonNode table = roundTrip(renderer.render(list, TableOptions.of("v1", null)));

        assertEquals("Table", table.path("kind").asText());
        assertEquals("meta.k8s.io/v1", table.path("apiVersion").asText());
        assertEquals("42", table.path("metadata").path("resourceVersion").asText());
        List<String> names = new ArrayList<>();
        table.path("columnDefinitions").forEach(c -> {
            names.add(c.path("name").asText());
            assertFalse(c.path("description").asText().isEmpty(), c.toString());
        });
        assertEquals(List.of("Name", "Type", "Keys", "Source", "Version", "Lease TTL", "Age"), names);
        JsonNode name = table.path("columnDefinitions").get(0);
        assertEquals("name", name.path("format").asText());
        assertEquals(0, name.path("priority").asInt());
        assertEquals(1, table.path("columnDefinitions").get(3).path("priority").asInt(), "Source shows with -o wide");

        assertEquals(2, table.path("rows").size());
        assertEquals(List.of("db-password", "Opaque", "2", "kv-v2", "3", "<none>", "5m12s"),
                cells(table.path("rows").get(0)));
        assertEquals(List.of("db-creds", "Opaque", "2", "database", "<none>", "60m", "3d"),
                cells(table.path("rows").get(1)));
        assertTrue(table.path("rows").get(0).path("cells").get(2).isInt());
    }

    @Test
    void defaultIncludeObjectIsPartialObjectMetadataWithoutValues() throws Exception {
        JsonNode row = roundTrip(renderer.render(kvSecret(), TableOptions.of("v1", null))).path("rows").get(0);
        JsonNode object = row.path("object");
        assertEquals("PartialObjectMetadata", object.path("kind").asText());
        assertEquals("meta.k8s.io/v1", object.path("apiVersion").asText());
        assertEquals("db-password", object.path("metadata").path("name").asText());
        assertEquals("payments", object.path("metadata").path("namespace").asText());
        assertEquals("7", object.path("metadata").path("resourceVersion").asText());
        assertEquals("2025-06-01T11:54:48Z", object.path("metadata").path("creationTimestamp").asText());
        assertFalse(object.has("data"));
        assertFalse(row.toString().contains(base64("s3cr3t")), "no secret value in a metadata table");
    }

    @Test
    void includeObjectNoneLeavesOnlyCells() throws Exception {
        JsonNode table = roundTrip(renderer.render(kvSecret(), TableOptions.of("v1", "None")));
        assertEquals("7", table.path("metadata").path("resourceVersion").asText());
        assertEquals(1, table.path("rows").size());
        assertFalse(table.path("rows").get(0).has("object"));
    }

    @Test
    void includeObjectObjectCarriesTheObjectAsGiven() throws Exception {
        JsonNode object = roundTrip(renderer.render(kvSecret(), TableOptions.of("v1", "Object")))
                .path("rows").get(0).path("object");
        assertEquals("VirtualSecret", object.path("kind").asText());
        assertEquals("virtualsecrets.dev/v1alpha1", object.path("apiVersion").asText());
        assertEquals(base64("s3cr3t"), object.path("data").path("password").asText());
        assertEquals(3, object.path("status").path("version").asInt());
    }

    @Test
    void listRowsFollowTheModeToo() throws Exception {
        VirtualSecretList list = new VirtualSecretList().items(List.of(kvSecret()));
        JsonNode none = roundTrip(renderer.render(list, TableOptions.of("v1", "None")));
        assertFalse(none.path("rows").get(0).has("object"));
        assertFalse(none.path("metadata").has("resourceVersion"));
        JsonNode full = roundTrip(renderer.render(list, TableOptions.of("v1", "Object")));
        assertEquals("VirtualSecret", full.path("rows").get(0).path("object").path("kind").asText());
    }

    @Test
    void v1beta1TablesNameTheirVersion() throws Exception {
        JsonNode table = roundTrip(renderer.render(kvSecret(), TableOptions.of("v1beta1", "Metadata")));
        assertEquals("meta.k8s.io/v1beta1", table.path("apiVersion").asText());
        assertEquals("meta.k8s.io/v1beta1", table.path("rows").get(0).path("object").path("apiVersion").asText());
    }

    @Test
    void missingFieldsRenderAsPlaceholders() throws Exception {
        VirtualSecret bare = new VirtualSecret().metadata(new V1ObjectMeta().name("bare"));
        assertEquals(List.of("bare", "", "0", "<none>", "<none>", "<none>", "<unknown>"),
                cells(roundTrip(renderer.render(bare, TableOptions.of("v1", null))).path("rows").get(0)));
    }

    @Test
    void expiredLeaseShowsZero() throws Exception {
        VirtualSecret expired = databaseSecret();
        expired.getStatus().getLease().expiresAt(OffsetDateTime.ofInstant(NOW.minusSeconds(30), ZoneOffset.UTC));
        assertEquals("0s", cells(roundTrip(renderer.render(expired, TableOptions.of("v1", null))).path("rows").get(0))
                .get(5));
    }

    @Test
    void unknownIncludeObjectIsABadRequest() {
        ApiException e = assertThrows(ApiException.class, () -> IncludeObject.parse("Everything"));
        assertEquals(400, e.code());
        assertEquals(IncludeObject.METADATA, IncludeObject.parse(""));
        assertThrows(IllegalArgumentException.class, () -> new TableOptions("v2", IncludeObject.NONE));
    }

    private JsonNode roundTrip(ObjectNode table) throws Exception {
        return mapper.readTree(mapper.writeValueAsBytes(table));
    }

    private static List<String> cells(JsonNode row) {
        List<String> cells = new ArrayList<>();
        row.path("cells").forEach(c -> cells.add(c.asText()));
        return cells;
    }

    private static VirtualSecret kvSecret() {
        return new VirtualSecret()
                .metadata(new V1ObjectMeta().name("db-password").namespace("payments").resourceVersion("7")
                        .creationTimestamp(OffsetDateTime.ofInstant(NOW.minusSeconds(312), ZoneOffset.UTC)))
                .type("Opaque")
                .data(Map.of("password", "s3cr3t".getBytes(StandardCharsets.UTF_8),
                        "user", "app".getBytes(StandardCharsets.UTF_8)))
                .spec(new VirtualSecretSpec().source(new VirtualSecretSource().engine("kv-v2")
                        .path("secret/data/kubernetes/payments/db-password")))
                .status(new VirtualSecretStatus().version(3L));
    }

    private static VirtualSecret databaseSecret() {
        return new VirtualSecret()
                .metadata(new V1ObjectMeta().name("db-creds").namespace("payments").resourceVersion("8")
                        .creationTimestamp(OffsetDateTime.ofInstant(NOW.minusSeconds(3 * 86400 + 10), ZoneOffset.UTC)))
                .type("Opaque")
                .data(Map.of("username", new byte[] {1}, "password", new byte[] {2}))
                .spec(new VirtualSecretSpec().source(new VirtualSecretSource().engine("database")))
                .status(new VirtualSecretStatus().lease(new VirtualSecretLease().id("database/creds/payments-app/x")
                        .durationSeconds(3600L).renewable(true)
                        .expiresAt(OffsetDateTime.ofInstant(NOW.plusSeconds(3600), ZoneOffset.UTC))));
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
