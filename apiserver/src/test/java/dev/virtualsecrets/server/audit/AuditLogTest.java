package dev.virtualsecrets.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AuditLogTest {

    private final ObjectMapper json = Json.newJsonMapper();

    @TempDir
    Path dir;

    private static AuditRecord record(String user, String decision, String decidedBy, List<String> vaultIds) {
        return new AuditRecord("2026-11-28T00:00:00Z", user, List.of("dev", "system:authenticated"), "get",
                "/apis/virtualsecrets.dev/v1alpha1/namespaces/other/virtualsecrets/config", "other", "virtualsecrets",
                "config", decision, decidedBy, decision.equals("allow") ? 200 : 403, vaultIds, 3);
    }

    @Test
    void aFileGetsOneJsonLinePerRequestAppendedAcrossRestarts() throws IOException {
        Path file = dir.resolve("audit.log");
        AuditLog.toFile(json, file).record(record("alice", "allow", "SubjectAccessReview", List.of("a-1", "a-2")));
        AuditLog.toFile(json, file).record(record("alice", "deny", "vault-policy", null));

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        JsonNode first = json.readTree(lines.get(0)).get("audit");
        assertEquals("alice", first.get("user").asText());
        assertEquals("SubjectAccessReview", first.get("decidedBy").asText());
        assertEquals("[\"a-1\",\"a-2\"]", first.get("vaultRequestIds").toString());
        JsonNode second = json.readTree(lines.get(1)).get("audit");
        assertEquals("deny", second.get("decision").asText());
        assertEquals("vault-policy", second.get("decidedBy").asText());
        assertEquals(403, second.get("code").asInt());
        assertFalse(second.has("vaultRequestIds"), "absent ids are left out, not null");
    }

    @Test
    void vaultRequestIdsAreCappedAndBoundToTheRequestThread() throws Exception {
        VaultRequestIds ids = VaultRequestIds.open();
        for (int i = 0; i < 20; i++) {
            VaultRequestIds.current().record("id-" + i);
        }
        Thread other = Thread.ofVirtual().start(() -> VaultRequestIds.current().record("elsewhere"));
        other.join();
        ids.close();
        VaultRequestIds.current().record("after-close");

        assertEquals(VaultRequestIds.MAX_RECORDED, ids.recorded().size());
        assertEquals(20, ids.count());
        assertFalse(ids.recorded().contains("elsewhere"));
    }
}
