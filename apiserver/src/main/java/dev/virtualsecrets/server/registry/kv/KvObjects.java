package dev.virtualsecrets.server.registry.kv;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecretSource;
import dev.virtualsecrets.api.VirtualSecretSpec;
import dev.virtualsecrets.api.VirtualSecretStatus;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * VirtualSecrets as KV v2 holds them: the object of a KV secret (data, type, source, version) and
 * its metadata, which comes from the KV metadata alone (labels and annotations from
 * custom_metadata), with a uid every replica computes the same.
 */
final class KvObjects {

    private final VaultPathMapper paths;
    private final ResourceVersionClock clock;

    KvObjects(VaultPathMapper paths, ResourceVersionClock clock) {
        this.paths = paths;
        this.clock = clock;
    }

    VirtualSecret toObject(String namespace, String name, String path, KvSecret secret) {
        KvMetadata metadata = secret.metadata();
        Map<String, byte[]> data = new LinkedHashMap<>();
        new TreeMap<>(secret.data()).forEach((key, value) -> data.put(key, KvValueCodec.decodeData(value)));
        String type = KvCustomMetadata.decode(metadata.customMetadata()).type();
        return new VirtualSecret()
                .metadata(toObjectMeta(namespace, name, path, metadata))
                .type(type == null ? VirtualSecrets.TYPE_OPAQUE : type)
                .data(data)
                .spec(new VirtualSecretSpec().source(new VirtualSecretSource()
                        .engine(VirtualSecretSource.ENGINE_KV_V2)
                        .path(paths.source().mount() + "/" + path)))
                .status(new VirtualSecretStatus().version(metadata.currentVersion()));
    }

    /** The object's metadata: all of it comes from the KV metadata (labels and annotations from custom_metadata). */
    V1ObjectMeta toObjectMeta(String namespace, String name, String path, KvMetadata metadata) {
        KvCustomMetadata.Fields fields = KvCustomMetadata.decode(metadata.customMetadata());
        long resourceVersion = metadata.resourceVersion();
        clock.observe(resourceVersion);
        return new V1ObjectMeta()
                .name(name)
                .namespace(namespace)
                .uid(uid(paths.source().mount(), path, metadata.createdTime()).toString())
                .resourceVersion(Long.toString(resourceVersion))
                .creationTimestamp(metadata.createdTime().truncatedTo(ChronoUnit.SECONDS)
                        .atOffset(ZoneOffset.UTC))
                .labels(fields.labels().isEmpty() ? null : new TreeMap<>(fields.labels()))
                .annotations(fields.annotations().isEmpty() ? null : new TreeMap<>(fields.annotations()))
                .managedFields(fields.managedFields() == null ? null : KvManagedFields.decode(fields.managedFields()));
    }

    /**
     * The uid of the KV secret at {@code mount/path} created at {@code createdTime}: a name-based
     * UUID, so every replica computes the same one.
     */
    public static UUID uid(String mount, String path, Instant createdTime) {
        // Instant's own formatting: Vault's trimmed nanoseconds and Java's give the same uid.
        return UUID.nameUUIDFromBytes(("kv-v2\n" + mount + "\n" + path + "\n" + createdTime)
                .getBytes(StandardCharsets.UTF_8));
    }
}
