package dev.virtualsecrets.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.json.Json;
import dev.virtualsecrets.server.meta.FieldValidation;
import dev.virtualsecrets.server.meta.PatchOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldManagerTest {

    private final ObjectMapper json = Json.newJsonMapper();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T05:06:07.890Z"), ZoneOffset.UTC);
    private final FieldManager fields = new FieldManager(clock);
    private final PatchApplier applier = new PatchApplier(clock, json, Json.newYamlMapper());

    private ObjectNode object(String metadataAndBody) throws Exception {
        return (ObjectNode) json.readTree("{\"apiVersion\":\"virtualsecrets.dev/v1alpha1\",\"kind\":\"VirtualSecret\","
                + metadataAndBody + "}");
    }

    private static ObjectNode with(ObjectNode object, ArrayNode managedFields) {
        ObjectNode copy = object.deepCopy();
        FieldManager.set(copy, managedFields);
        return copy;
    }

    @Test
    void aCreateOwnsEverythingItSets() throws Exception {
        ObjectNode created = object("\"metadata\":{\"name\":\"db\",\"labels\":{\"app\":\"web\"}},"
                + "\"data\":{\"user\":\"YQ==\"},\"type\":\"Opaque\"");
        ArrayNode managed = fields.update(null, created, "kubectl-create");
        assertEquals(json.readTree("""
                [{"manager":"kubectl-create","operation":"Update","apiVersion":"virtualsecrets.dev/v1alpha1",
                  "time":"2026-12-02T05:06:07Z","fieldsType":"FieldsV1",
                  "fieldsV1":{"f:data":{"f:user":{}},"f:metadata":{"f:labels":{"f:app":{}}},"f:type":{}}}]"""), managed);
    }

    @Test
    void anUpdateTakesTheFieldsItChangesFromOtherManagers() throws Exception {
        ObjectNode live = object("\"metadata\":{\"name\":\"db\",\"labels\":{\"app\":\"web\",\"tier\":\"db\"}}");
        live = with(live, fields.update(null, live, "kubectl-create"));

        ObjectNode edited = object("\"metadata\":{\"name\":\"db\",\"labels\":{\"app\":\"api\"}}");
        ArrayNode managed = fields.update(live, edited, "kubectl-edit");

        assertEquals(1, managed.size(), "create lost app to the edit and tier to its removal: nothing left");
        assertEquals("kubectl-edit", managed.get(0).path("manager").asText());
        assertEquals(json.readTree("{\"f:metadata\":{\"f:labels\":{\"f:app\":{}}}}"), managed.get(0).path("fieldsV1"));
    }

    @Test
    void aWriteThatChangesNothingKeepsTheLiveEntriesAndTheirTimes() throws Exception {
        ObjectNode live = object("\"metadata\":{\"name\":\"db\",\"labels\":{\"app\":\"web\"}}");
        ArrayNode earlier = new FieldManager(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
                .update(null, live, "ci");
        live = with(live, earlier);

        ArrayNode again = fields.update(live, object("\"metadata\":{\"name\":\"db\",\"labels\":{\"app\":\"web\"}}"), "ci");
        assertEquals(earlier, again);
        assertEquals("2026-01-01T00:00:00Z", again.get(0).path("time").asText());
    }

    @Test
    void managedFieldsSentByTheClientReplaceTheLiveOnesAndAnEmptyEntryClearsThem() throws Exception {
        ObjectNode live = object("\"metadata\":{\"name\":\"db\",\"labels\":{\"app\":\"web\"}}");
        live = with(live, fields.update(null, live, "ci"));

        ObjectNode cleared = object("\"metadata\":{\"name\":\"db\",\"labels\":{\"app\":\"web\"},\"managedFields\":[{}]}");
        assertEquals(0, fields.update(live, cleared, "kubectl-edit").size());

        ObjectNode unchanged = live.deepCopy();
        ((ObjectNode) unchanged.path("metadata").path("labels")).put("tier", "db");
        ArrayNode managed = fields.update(live, unchanged, "kubectl-edit");
        assertEquals(2, managed.size(), "the live entries sent back as they were are kept, plus the edit's");
    }

    @Test
    void theManagerIsTheFieldManagerOptionElseTheUserAgentPrefix() {
        assertEquals("flux", FieldManager.managerOf("flux", "kubectl/v1.35.4 (linux/amd64)"));
        assertEquals("kubectl", FieldManager.managerOf(null, "kubectl/v1.35.4 (linux/amd64) kubernetes/abc"));
        assertEquals("Go-http-client", FieldManager.managerOf("", "Go-http-client/2.0"));
        assertEquals("", FieldManager.managerOf(null, ""));
    }

    @Test
    void anApplyOfAFieldAnUpdateSetConflictsNamingTheUpdateAndItsTime() throws Exception {
        ObjectNode live = object("\"metadata\":{\"name\":\"db\",\"namespace\":\"payments\",\"labels\":{\"app\":\"web\"}}");
        live = with(live, fields.update(null, live, "kubectl-edit"));
        ObjectNode current = live;
        ApiException e = assertThrows(ApiException.class, () -> applier.apply(PatchType.APPLY, current,
                ("apiVersion: virtualsecrets.dev/v1alpha1\nkind: VirtualSecret\nmetadata:\n  name: db\n"
                        + "  labels: {app: api}\n").getBytes(StandardCharsets.UTF_8),
                new PatchOptions(false, "flux", FieldValidation.STRICT, false)));
        assertEquals(409, e.code());
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using "
                + "virtualsecrets.dev/v1alpha1: .metadata.labels.app", e.getMessage());
        assertEquals("FieldManagerConflict", e.status().details().causes().getFirst().reason());
        assertEquals(".metadata.labels.app", e.status().details().causes().getFirst().field());
    }

    @Test
    void anApplyThatChangesNothingKeepsItsTime() throws Exception {
        byte[] config = ("apiVersion: virtualsecrets.dev/v1alpha1\nkind: VirtualSecret\nmetadata:\n  name: db\n"
                + "  labels: {app: web}\n").getBytes(StandardCharsets.UTF_8);
        PatchOptions options = new PatchOptions(false, "flux", FieldValidation.STRICT, false);
        JsonNode first = new PatchApplier(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), json,
                Json.newYamlMapper()).apply(PatchType.APPLY, null, config, options);
        JsonNode again = applier.apply(PatchType.APPLY, first, config, options);
        assertEquals(first.at("/metadata/managedFields"), again.at("/metadata/managedFields"));
        assertEquals("2026-01-01T00:00:00Z", again.at("/metadata/managedFields/0/time").asText());
    }
}
