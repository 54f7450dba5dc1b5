package dev.virtualsecrets.server.registry.kv;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.Status;
import dev.virtualsecrets.server.registry.VirtualSecretValidation;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.virtualsecrets.server.registry.rest.VirtualSecretResource.GROUP_KIND;

/**
 * What a create or update writes to KV v2, validated and encoded before anything reaches Vault:
 * the data (values per {@link KvValueCodec}) and the custom metadata (type, labels, annotations).
 */
record KvWrite(String namespace, String name, String path, Map<String, String> data,
               Map<String, String> customMetadata) {

    /** Validates everything and encodes what will be written: nothing reaches Vault before this. */
    static KvWrite of(VirtualSecret secret, VaultPathMapper paths) {
        String name = secret.getMetadata() == null ? null : secret.getMetadata().getName();
        List<Status.Cause> causes = new ArrayList<>(VirtualSecretValidation.validate(secret));
        if (!causes.isEmpty()) {
            throw ApiErrors.invalid(GROUP_KIND, name, causes);
        }
        V1ObjectMeta metadata = secret.getMetadata();
        Map<String, String> customMetadata = KvCustomMetadata.encode(new KvCustomMetadata.Fields(
                secret.getType() == null ? VirtualSecrets.TYPE_OPAQUE : secret.getType(),
                metadata.getLabels(), metadata.getAnnotations(), KvManagedFields.encode(metadata.getManagedFields())),
                causes);
        if (!causes.isEmpty()) {
            throw ApiErrors.invalid(GROUP_KIND, name, causes);
        }
        Map<String, String> data = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> data.put(key, KvValueCodec.encodeData(value == null ? new byte[0] : value)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((key, value) ->
                    data.put(key, KvValueCodec.encodeData(value.getBytes(StandardCharsets.UTF_8))));
        }
        return new KvWrite(metadata.getNamespace(), name, paths.path(metadata.getNamespace(), name), data, customMetadata);
    }

    /**
     * Whether this would store what is stored: the same bytes per key and the same custom metadata,
     * managedFields compared without their times (a write that changes nothing else, such as
     * kubectl's re-apply whose last-applied annotation differs only in the values this server
     * blanks, must not write just to move a time).
     */
    boolean matches(KvSecret stored) {
        Map<String, String> storedMetadata = stored.metadata().customMetadata() == null ? Map.of()
                : stored.metadata().customMetadata();
        if (!withoutManagedFields(customMetadata()).equals(withoutManagedFields(storedMetadata))
                || !KvManagedFields.sameIgnoringTimes(KvCustomMetadata.decode(customMetadata()).managedFields(),
                        KvCustomMetadata.decode(storedMetadata).managedFields())) {
            return false;
        }
        if (!data().keySet().equals(stored.data().keySet())) {
            return false;
        }
        return data().entrySet().stream().allMatch(entry -> Arrays.equals(
                KvValueCodec.decodeData(entry.getValue()), KvValueCodec.decodeData(stored.data().get(entry.getKey()))));
    }

    private static Map<String, String> withoutManagedFields(Map<String, String> metadata) {
        Map<String, String> rest = new TreeMap<>(metadata);
        rest.keySet().removeIf(key -> key.startsWith(KvCustomMetadata.MANAGED_FIELDS_PREFIX));
        return rest;
    }
}
