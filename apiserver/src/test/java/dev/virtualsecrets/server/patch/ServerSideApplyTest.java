package dev.virtualsecrets.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.json.Json;
import dev.virtualsecrets.server.meta.FieldValidation;
import dev.virtualsecrets.server.meta.PatchOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerSideApplyTest {

    private final ObjectMapper json = Json.newJsonMapper();
    private final PatchApplier applier = new PatchApplier(
            Clock.fixed(Instant.parse("2025-01-02T03:04:05.678Z"), ZoneOffset.UTC), json, Json.newYamlMapper());

    private JsonNode apply(JsonNode live, String yaml, String manager, boolean force) {
        return applier.apply(PatchType.APPLY, live, yaml.getBytes(StandardCharsets.UTF_8), new PatchOptions(false, manager, FieldValidation.WARN, force));
    }

    private static String config(String body) {
        return "apiVersion: virtualsecrets.dev/v1alpha1\nkind: VirtualSecret\nmetadata:\n  name: db\n  namespace: payments\n" + body;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void createsTheObjectAndRecordsTheManagersFields() throws Exception {
        JsonNode created = apply(null, config("  labels: {app: web}\ndata:\n  user: " + b64("admin") + "\n"), "ci", false);

        assertEquals("web", created.at("/metadata/labels/app").asText());
        assertEquals(b64("admin"), created.at("/data/user").asText());
        JsonNode managed = created.at("/metadata/managedFields");
        assertEquals(1, managed.size());
        assertEquals(json.readTree("""
                {"manager":"ci","operation":"Apply","apiVersion":"virtualsecrets.dev/v1alpha1",
                 "time":"2025-01-02T03:04:05Z","fieldsType":"FieldsV1",
                 "fieldsV1":{"f:data":{"f:user":{}},"f:metadata":{"f:labels":{"f:app":{}}}}}"""), managed.get(0));
    }

    @Test
    void acceptsJsonBodies() {
        JsonNode created = apply(null, """
                {"apiVersion":"virtualsecrets.dev/v1alpha1","kind":"VirtualSecret","metadata":{"name":"db"},"type":"Opaque"}""",
                "ci", false);
        assertEquals("Opaque", created.path("type").asText());
    }

    @Test
    void updatesMergeOverFieldsOthersSet() throws Exception {
        JsonNode live = json.readTree("""
                {"apiVersion":"virtualsecrets.dev/v1alpha1","kind":"VirtualSecret",
                 "metadata":{"name":"db","namespace":"payments","resourceVersion":"42","annotations":{"team":"a"}},
                 "data":{"other":"b3RoZXI="}}""");
        JsonNode updated = apply(live, config("  labels: {app: web}\n"), "ci", false);
        assertEquals("a", updated.at("/metadata/annotations/team").asText());
        assertEquals("42", updated.at("/metadata/resourceVersion").asText());
        assertEquals("b3RoZXI=", updated.at("/data/other").asText());
        assertEquals("web", updated.at("/metadata/labels/app").asText());
    }

    @Test
    void aFieldTheManagerStopsApplyingIsRemoved() {
        JsonNode first = apply(null, config("  labels: {app: web, tier: db}\nstringData:\n  user: admin\n  password: pw\n"), "ci", false);
        // The server stores stringData under data; emulate it.
        ((com.fasterxml.jackson.databind.node.ObjectNode) first).remove("stringData");
        ((com.fasterxml.jackson.databind.node.ObjectNode) first).putObject("data")
                .put("user", b64("admin")).put("password", b64("pw")).put("extra", b64("kept"));

        JsonNode second = apply(first, config("  labels: {app: web}\nstringData:\n  user: admin\n"), "ci", false);

        assertEquals("web", second.at("/metadata/labels/app").asText());
        assertTrue(second.at("/metadata/labels/tier").isMissingNode());
        assertTrue(second.at("/data/password").isMissingNode());
        assertEquals(b64("admin"), second.at("/data/user").asText());
        assertEquals(b64("kept"), second.at("/data/extra").asText(), "fields nobody applied stay");
        assertEquals(1, second.at("/metadata/managedFields").size());
    }

    @Test
    void applyingADifferentValueToAnotherManagersFieldConflicts() {
        JsonNode live = apply(null, config("  labels: {app: web}\n"), "alice", false);
        ApiException e = assertThrows(ApiException.class,
                () -> apply(live, config("  labels: {app: db}\n"), "bob", false));
        assertEquals(409, e.code());
        assertEquals("Conflict", e.reason());
        assertTrue(e.getMessage().endsWith("Apply failed with 1 conflict: conflict with \"alice\": .metadata.labels.app"),
                e.getMessage());
    }

    @Test
    void conflictsOnSecretDataNameTheKeyButNotTheValue() {
        JsonNode live = apply(null, config("stringData: {password: first-secret}\n"), "alice", false);
        ((com.fasterxml.jackson.databind.node.ObjectNode) live).remove("stringData");
        ((com.fasterxml.jackson.databind.node.ObjectNode) live).putObject("data").put("password", b64("first-secret"));
        ApiException e = assertThrows(ApiException.class,
                () -> apply(live, config("stringData: {password: second-secret}\n"), "bob", false));
        assertEquals(409, e.code());
        assertTrue(e.getMessage().contains(".data.password"));
        assertFalse(e.getMessage().contains("secret\""));
        // The same value is shared ownership, not a conflict.
        JsonNode shared = apply(live, config("stringData: {password: first-secret}\n"), "bob", false);
        assertEquals(2, shared.at("/metadata/managedFields").size());
    }

    @Test
    void forceTakesOwnershipFromTheOtherManager() {
        JsonNode live = apply(null, config("  labels: {app: web, owner: alice}\n"), "alice", false);
        JsonNode forced = apply(live, config("  labels: {app: db}\n"), "bob", true);
        assertEquals("db", forced.at("/metadata/labels/app").asText());

        JsonNode managed = forced.at("/metadata/managedFields");
        assertEquals(2, managed.size());
        assertEquals("alice", managed.get(0).path("manager").asText());
        assertTrue(managed.get(0).at("/fieldsV1/f:metadata/f:labels/f:app").isMissingNode());
        assertFalse(managed.get(0).at("/fieldsV1/f:metadata/f:labels/f:owner").isMissingNode());
        assertEquals("bob", managed.get(1).path("manager").asText());

        // alice no longer owns app: her next apply without it leaves bob's value.
        JsonNode after = apply(forced, config("  labels: {owner: alice}\n"), "alice", false);
        assertEquals("db", after.at("/metadata/labels/app").asText());
    }

    @Test
    void aFieldStillOwnedByAnotherManagerIsNotRemoved() {
        JsonNode live = apply(null, config("  labels: {app: web}\n"), "alice", false);
        JsonNode both = apply(live, config("  labels: {app: web}\n"), "bob", false);
        JsonNode aliceLeaves = apply(both, config("  annotations: {a: b}\n"), "alice", false);
        assertEquals("web", aliceLeaves.at("/metadata/labels/app").asText());
    }

    @Test
    void fieldManagerIsRequired() {
        for (String manager : new String[] {null, ""}) {
            ApiException e = assertThrows(ApiException.class, () -> apply(null, config(""), manager, false));
            assertEquals(400, e.code());
            assertTrue(e.getMessage().contains("fieldManager is required"), e.getMessage());
        }
    }

    @Test
    void kindAndApiVersionAreRequiredAndManagedFieldsRefused() {
        assertEquals(400, assertThrows(ApiException.class,
                () -> apply(null, "metadata: {name: db}\n", "ci", false)).code());
        assertEquals(400, assertThrows(ApiException.class,
                () -> apply(null, config("  managedFields: []\n"), "ci", false)).code());
        assertEquals(400, assertThrows(ApiException.class,
                () -> apply(null, "- just\n- a list\n", "ci", false)).code());
    }
}
