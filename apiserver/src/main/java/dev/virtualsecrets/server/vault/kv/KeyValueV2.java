package dev.virtualsecrets.server.vault.kv;

import dev.virtualsecrets.server.vault.VaultErrors;
import dev.virtualsecrets.server.vault.VaultPaths;
import dev.virtualsecrets.server.vault.VaultSession;
import org.springframework.vault.support.VaultMetadataResponse;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.Versioned;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A KV v2 mount as typed operations, in the spirit of Spring Vault's {@code VaultKeyValue2Template}
 * and {@code VaultKeyValueMetadataTemplate}: Vault's JSON is read here, once, into Spring Vault's
 * {@link Versioned} and {@link VaultMetadataResponse}; nothing above this class parses it. Paths are
 * relative to the mount. Failures are Spring's exceptions (see {@link VaultErrors}), but a lost
 * check-and-set is a {@link CheckAndSetMismatchException}.
 */
public final class KeyValueV2 {

    private final VaultSession vault;
    private final String mount;

    public KeyValueV2(VaultSession vault, String mount) {
        this.vault = vault;
        this.mount = VaultPaths.trimSlashes(mount);
    }

    /** The secret's metadata, or empty when no secret (live or deleted) is there. */
    public Optional<VaultMetadataResponse> readMetadata(String path) {
        VaultResponse response = vault.read(metadataPath(path));
        if (response == null || response.getData() == null) {
            return Optional.empty();
        }
        return Optional.of(metadata(response.getData()));
    }

    /** The latest version (or {@code version} when positive) with its data; empty when absent or deleted. */
    public Optional<Versioned<Map<String, String>>> readData(String path, long version) {
        VaultResponse response = vault.read(dataPath(path) + (version > 0 ? "?version=" + version : ""));
        if (response == null || response.getData() == null || !(response.getData().get("data") instanceof Map<?, ?>)) {
            return Optional.empty();
        }
        Map<String, Object> body = response.getData();
        return Optional.of(Versioned.create(stringMap(body.get("data")), versionMetadata(map(body.get("metadata")), 0)));
    }

    /** Writes a new version if the current one is {@code cas} (0: the secret must not exist yet). */
    public Versioned.Metadata writeData(String path, Map<String, String> data, long cas) {
        VaultResponse response;
        try {
            response = vault.write(dataPath(path), Map.of("options", Map.of("cas", cas), "data", data));
        } catch (RuntimeException e) {
            if (VaultErrors.isCheckAndSetMismatch(e)) {
                throw new CheckAndSetMismatchException();
            }
            throw e;
        }
        return versionMetadata(response == null ? Map.of() : response.getRequiredData(), 0);
    }

    /** Replaces the secret's custom metadata. */
    public void writeCustomMetadata(String path, Map<String, String> customMetadata) {
        vault.write(metadataPath(path), Map.of("custom_metadata", customMetadata));
    }

    /** Deletes every version and the metadata. */
    public void deleteMetadataAndAllVersions(String path) {
        vault.delete(metadataPath(path));
    }

    /** The keys of a folder (sub-folders end with '/'); a folder that does not exist is empty. */
    public List<String> list(String folder) {
        return vault.list(metadataPath(folder));
    }

    /** This identity's capabilities on the secret's data. */
    public List<String> dataCapabilities(String path) {
        return vault.capabilities(dataPath(path));
    }

    private String dataPath(String path) {
        return mount + "/data/" + path;
    }

    private String metadataPath(String path) {
        return mount + "/metadata/" + path;
    }

    private static VaultMetadataResponse metadata(Map<String, Object> body) {
        List<Versioned.Metadata> versions = new ArrayList<>();
        map(body.get("versions")).forEach((number, info) ->
                versions.add(versionMetadata(map(info), Long.parseLong(number))));
        versions.sort(Comparator.comparingInt(v -> v.getVersion().getVersion()));
        return VaultMetadataResponse.builder()
                .createdTime(instant(body.get("created_time")))
                .updatedTime(instant(body.get("updated_time")))
                .currentVersion(intValue(body.get("current_version")))
                .oldestVersion(intValue(body.get("oldest_version")))
                .maxVersions(intValue(body.get("max_versions")))
                .casRequired(Boolean.TRUE.equals(body.get("cas_required")))
                .customMetadata(stringMap(body.get("custom_metadata")))
                .versions(versions)
                .build();
    }

    /** One version's metadata; {@code number} when the body does not carry its own {@code version}. */
    private static Versioned.Metadata versionMetadata(Map<String, Object> body, long number) {
        Versioned.Metadata.MetadataBuilder builder = Versioned.Metadata.builder()
                .createdAt(instant(body.get("created_time")))
                .version(Versioned.Version.from(body.get("version") instanceof Number n ? n.intValue() : (int) number))
                .destroyed(Boolean.TRUE.equals(body.get("destroyed")));
        Instant deleted = instant(body.get("deletion_time"));
        if (deleted != null) {
            builder.deletedAt(deleted);
        }
        if (body.get("custom_metadata") instanceof Map<?, ?>) {
            builder.customMetadata(stringMap(body.get("custom_metadata")));
        }
        return builder.build();
    }

    private static Instant instant(Object value) {
        return value instanceof String text && !text.isEmpty() ? Instant.parse(text) : null;
    }

    private static int intValue(Object value) {
        return value instanceof Number number ? number.intValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Map<String, String> stringMap(Object value) {
        Map<String, String> result = new TreeMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return result;
    }
}
