package dev.virtualsecrets.server.registry.kv;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.apierrors.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvCustomMetadataTest {

    @Test
    void roundTripsTypeLabelsAndAnnotations() {
        KvCustomMetadata.Fields fields = new KvCustomMetadata.Fields("Opaque",
                Map.of("app", "db", "app.kubernetes.io/part-of", "payments"),
                Map.of("note", "multi\nline", "example.com/owner", "team-a"), null);
        List<Status.Cause> problems = new ArrayList<>();
        Map<String, String> stored = KvCustomMetadata.encode(fields, problems);
        assertEquals(List.of(), problems);
        assertEquals("Opaque", stored.get("type"));
        assertEquals("db", stored.get("label/app"));
        assertEquals("payments", stored.get("label/app.kubernetes.io/part-of"));
        assertEquals("team-a", stored.get("annotation/example.com/owner"));
        assertTrue(stored.get("annotation/note").startsWith("base64:"));
        assertEquals(fields, KvCustomMetadata.decode(stored));
    }

    @Test
    void limitsAreCheckedBeforeWriting() {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            labels.put("l" + i, "v");
        }
        List<Status.Cause> problems = new ArrayList<>();
        KvCustomMetadata.encode(new KvCustomMetadata.Fields("Opaque", labels, Map.of(), null), problems);
        assertEquals(1, problems.size());
        assertEquals("metadata", problems.getFirst().field());

        problems.clear();
        KvCustomMetadata.encode(new KvCustomMetadata.Fields(null, Map.of(), Map.of("big", "x".repeat(513)), null), problems);
        assertEquals(1, problems.size());
        assertEquals("metadata.annotations[big]", problems.getFirst().field());
        assertFalse(problems.getFirst().message().contains("xxxx"), "the value is not echoed");

        problems.clear();
        KvCustomMetadata.encode(new KvCustomMetadata.Fields(null, Map.of(), Map.of("example.com/" + "k".repeat(120), "v"), null), problems);
        assertEquals(1, problems.size());
    }

    @Test
    void lastAppliedConfigurationLosesItsValuesButKeepsItsKeys() throws Exception {
        String lastApplied = "{\"apiVersion\":\"virtualsecrets.dev/v1alpha1\",\"kind\":\"VirtualSecret\","
                + "\"metadata\":{\"name\":\"db\",\"namespace\":\"payments\"},"
                + "\"data\":{\"password\":\"c3VwZXJzZWNyZXQ=\"},\"stringData\":{\"user\":\"admin-secret\"},"
                + "\"pad\":\"" + "p".repeat(1500) + "\"}\n";
        Map<String, String> stored = KvCustomMetadata.encode(new KvCustomMetadata.Fields(null, Map.of(),
                Map.of(KvCustomMetadata.LAST_APPLIED, lastApplied), null), new ArrayList<>());
        assertTrue(stored.keySet().containsAll(List.of("last-applied/0", "last-applied/1", "last-applied/2")));
        stored.values().forEach(value -> {
            assertTrue(value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 512);
            assertFalse(value.contains("c3VwZXJzZWNyZXQ") || value.contains("admin-secret"));
        });
        String decoded = KvCustomMetadata.decode(stored).annotations().get(KvCustomMetadata.LAST_APPLIED);
        var tree = new ObjectMapper().readTree(decoded);
        assertEquals("", tree.path("data").path("password").asText("missing"));
        assertEquals("", tree.path("stringData").path("user").asText("missing"));
        assertEquals("db", tree.path("metadata").path("name").asText());
    }

    @Test
    void lastAppliedThatIsNotJsonIsDropped() {
        Map<String, String> stored = KvCustomMetadata.encode(new KvCustomMetadata.Fields(null, Map.of(),
                Map.of(KvCustomMetadata.LAST_APPLIED, "password: hunter2"), null), new ArrayList<>());
        assertEquals(Map.of(), stored);
    }

    @Test
    void managedFieldsRoundTripInChunksAndNeverOverflowSilently() {
        String managed = "[{\"manager\":\"ci\",\"operation\":\"Apply\",\"fieldsV1\":{\"f:data\":{"
                + "\"f:" + "k".repeat(900) + "\":{}}}}]";
        List<Status.Cause> problems = new ArrayList<>();
        Map<String, String> stored = KvCustomMetadata.encode(new KvCustomMetadata.Fields("Opaque", Map.of("app", "db"),
                Map.of(), managed), problems);
        assertEquals(List.of(), problems);
        assertTrue(stored.keySet().containsAll(List.of("managed-fields/0", "managed-fields/1")));
        assertEquals(managed, KvCustomMetadata.decode(stored).managedFields());

        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < 63; i++) {
            labels.put("l" + i, "v");
        }
        KvCustomMetadata.encode(new KvCustomMetadata.Fields("Opaque", labels, Map.of(), managed), problems);
        assertEquals(1, problems.size());
        assertEquals("metadata.managedFields", problems.getFirst().field());
    }

    @Test
    void splitsAtCodePointBoundaries() {
        String value = "€".repeat(400);
        List<String> pieces = KvCustomMetadata.splitByBytes(value, 512);
        assertEquals(value, String.join("", pieces));
        pieces.forEach(piece -> assertTrue(piece.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 512));
    }
}
