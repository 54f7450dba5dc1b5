package dev.virtualsecrets.server.vault.kv;

import dev.virtualsecrets.server.vault.VaultSession;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.vault.support.VaultMetadataResponse;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.Versioned;
import org.springframework.web.client.HttpClientErrorException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vault's KV v2 JSON (as OpenBao 2.x answers it) into Spring Vault's types; KvV2StorageIT runs it against OpenBao. */
class KeyValueV2Test {

    /** Answers reads from canned bodies by path and records writes. */
    private static final class CannedVault implements VaultSession {
        final Map<String, Map<String, Object>> bodies = new HashMap<>();
        final List<String> requests = new ArrayList<>();
        RuntimeException writeFailure;

        @Override
        public VaultResponse read(String path) {
            requests.add("GET " + path);
            Map<String, Object> body = bodies.get(path);
            if (body == null) {
                return null;
            }
            VaultResponse response = new VaultResponse();
            response.setData(body);
            return response;
        }

        @Override
        public VaultResponse write(String path, Map<String, ?> body) {
            requests.add("POST " + path + " " + body);
            if (writeFailure != null) {
                throw writeFailure;
            }
            return read(path);
        }

        @Override
        public List<String> list(String path) {
            requests.add("LIST " + path);
            return List.of();
        }

        @Override
        public void delete(String path) {
            requests.add("DELETE " + path);
        }

        @Override
        public List<String> capabilities(String path) {
            return List.of("read");
        }
    }

    private final CannedVault vault = new CannedVault();
    private final KeyValueV2 kv = new KeyValueV2(vault, "/secret/");

    @Test
    void metadataWithItsVersionsCustomMetadataAndDeletions() {
        vault.bodies.put("secret/metadata/kubernetes/demo/db", Map.of(
                "created_time", "2026-11-28T01:16:40.169454859Z",
                "updated_time", "2026-11-28T02:00:00.5Z",
                "current_version", 2,
                "oldest_version", 1,
                "max_versions", 0,
                "cas_required", false,
                "custom_metadata", Map.of("virtualsecrets.dev/type", "Opaque"),
                "versions", Map.of(
                        "1", Map.of("created_time", "2026-11-28T01:16:40.169454859Z", "deletion_time", "",
                                "destroyed", false),
                        "2", Map.of("created_time", "2026-11-28T02:00:00.5Z",
                                "deletion_time", "2026-11-28T03:00:00Z", "destroyed", false))));

        VaultMetadataResponse metadata = kv.readMetadata("kubernetes/demo/db").orElseThrow();

        assertEquals(Instant.parse("2026-11-28T01:16:40.169454859Z"), metadata.getCreatedTime());
        assertEquals(2, metadata.getCurrentVersion());
        assertEquals(Map.of("virtualsecrets.dev/type", "Opaque"), metadata.getCustomMetadata());
        assertEquals(2, metadata.getVersions().size());
        Versioned.Metadata first = metadata.getVersions().get(0);
        Versioned.Metadata second = metadata.getVersions().get(1);
        assertEquals(1, first.getVersion().getVersion());
        assertFalse(first.isDeleted());
        assertEquals(2, second.getVersion().getVersion());
        assertTrue(second.isDeleted());
        assertEquals(Instant.parse("2026-11-28T02:00:00.5Z"), second.getCreatedAt());
    }

    @Test
    void noSecretIsEmpty() {
        assertTrue(kv.readMetadata("kubernetes/demo/absent").isEmpty());
        assertTrue(kv.readData("kubernetes/demo/absent", 0).isEmpty());
    }

    @Test
    void dataWithItsVersionAndAPinnedVersionOnRequest() {
        vault.bodies.put("secret/data/kubernetes/demo/db?version=3", Map.of(
                "data", Map.of("password", "aHVudGVyMg=="),
                "metadata", Map.of("created_time", "2026-11-28T02:00:00Z", "deletion_time", "", "destroyed", false,
                        "version", 3, "custom_metadata", Map.of("k", "v"))));

        Versioned<Map<String, String>> data = kv.readData("kubernetes/demo/db", 3).orElseThrow();

        assertEquals(Map.of("password", "aHVudGVyMg=="), data.getData());
        assertEquals(3, data.getVersion().getVersion());
        assertEquals(Instant.parse("2026-11-28T02:00:00Z"), data.getRequiredMetadata().getCreatedAt());
        assertEquals(List.of("GET secret/data/kubernetes/demo/db?version=3"), vault.requests);
    }

    @Test
    void aWriteSendsTheCheckAndSetVersionAndReturnsTheNewVersion() {
        vault.bodies.put("secret/data/kubernetes/demo/db", Map.of(
                "created_time", "2026-11-28T04:00:00Z", "deletion_time", "", "destroyed", false, "version", 4));

        Versioned.Metadata written = kv.writeData("kubernetes/demo/db", Map.of("k", "dg=="), 3);

        assertEquals(4, written.getVersion().getVersion());
        assertEquals(Instant.parse("2026-11-28T04:00:00Z"), written.getCreatedAt());
        assertTrue(vault.requests.getFirst().contains("cas=3"), vault.requests.getFirst());
    }

    @Test
    void aLostCheckAndSetIsItsOwnException() {
        vault.writeFailure = HttpClientErrorException.create(HttpStatus.BAD_REQUEST, "Bad Request", null,
                "{\"errors\":[\"check-and-set parameter did not match the current version\"]}"
                        .getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

        assertThrows(CheckAndSetMismatchException.class, () -> kv.writeData("kubernetes/demo/db", Map.of(), 3));
    }

    @Test
    void otherWriteFailuresStayVaults() {
        vault.writeFailure = HttpClientErrorException.create(HttpStatus.FORBIDDEN, "Forbidden", null,
                "{\"errors\":[\"permission denied\"]}".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

        assertThrows(HttpClientErrorException.class, () -> kv.writeData("kubernetes/demo/db", Map.of(), 3));
    }
}
