package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.Status;
import dev.virtualsecrets.server.registry.VirtualSecretValidation;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.virtualsecrets.server.registry.rest.VirtualSecretResource.GROUP_KIND;
import static dev.virtualsecrets.server.registry.rest.VirtualSecretResource.GROUP_RESOURCE;

/**
 * Turns a request body into a VirtualSecret ready for storage, like a registry strategy's
 * PrepareForCreate + Validate: checks apiVersion/kind and namespace, validates names, keys, type
 * and labels (422 Invalid with causes), merges {@code stringData} into {@code data}, and drops
 * server-set fields. Messages name fields, never values of {@code data}.
 */
public final class ObjectValidator {

    private static final String GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final ObjectCodec codec;
    private final SecureRandom random = new SecureRandom();

    public ObjectValidator(ObjectCodec codec) {
        this.codec = codec;
    }

    /**
     * @param tree      the parsed body
     * @param namespace the namespace of the URL
     * @param urlName   the name in the URL (null for create)
     */
    public VirtualSecret prepare(JsonNode tree, String namespace, String urlName) {
        checkTypeMeta(tree);
        VirtualSecret secret = codec.fromTree(tree);
        V1ObjectMeta metadata = secret.getMetadata() == null ? new V1ObjectMeta() : secret.getMetadata();
        secret.setMetadata(metadata);
        if (metadata.getNamespace() != null && !metadata.getNamespace().isEmpty()
                && !metadata.getNamespace().equals(namespace)) {
            throw ApiErrors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        metadata.setNamespace(namespace);
        if (urlName != null && metadata.getName() != null && !metadata.getName().isEmpty()
                && !metadata.getName().equals(urlName)) {
            throw ApiErrors.badRequest("the name of the object (" + metadata.getName()
                    + ") does not match the name on the URL (" + urlName + ")");
        }
        if (urlName != null && (metadata.getName() == null || metadata.getName().isEmpty())) {
            metadata.setName(urlName);
        }
        if ((metadata.getName() == null || metadata.getName().isEmpty()) && metadata.getGenerateName() != null
                && !metadata.getGenerateName().isEmpty()) {
            metadata.setName(generateName(metadata.getGenerateName()));
        }
        secret.apiVersion(VirtualSecrets.API_VERSION).kind(VirtualSecrets.KIND);
        if (secret.getType() == null || secret.getType().isEmpty()) {
            secret.setType(VirtualSecrets.TYPE_OPAQUE);
        }
        mergeStringData(secret);
        // Server-set: where the secret lives and what Vault says about it.
        secret.setSpec(null);
        secret.setStatus(null);
        // metadata.uid stays: an update checks it against the live object; storages never store it.
        metadata.setCreationTimestamp(null);
        metadata.setGeneration(null);
        metadata.setSelfLink(null);
        validate(secret);
        return secret;
    }

    /**
     * The rules of a PUT that need the live object: the type is immutable, and a uid in the body is
     * a precondition (409 Conflict when it is another object's, as kube-apiserver's storage answers).
     */
    public void validateUpdate(VirtualSecret updated, VirtualSecret live) {
        requireSameType(updated, live);
        String uid = updated.getMetadata().getUid();
        String liveUid = live.getMetadata().getUid();
        if (uid != null && !uid.isEmpty() && !uid.equals(liveUid)) {
            throw ApiErrors.conflict(GROUP_RESOURCE, updated.getMetadata().getName(),
                    "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + liveUid);
        }
    }

    /** The rules of a PATCH that need the live object: type and uid are immutable (422). */
    public void validatePatch(VirtualSecret patched, VirtualSecret live) {
        requireSameType(patched, live);
        String uid = patched.getMetadata().getUid();
        if (uid != null && !uid.isEmpty() && !uid.equals(live.getMetadata().getUid())) {
            throw ApiErrors.invalid(GROUP_KIND, patched.getMetadata().getName(),
                    List.of(ApiErrors.invalidValue("metadata.uid", uid, "field is immutable")));
        }
    }

    private static void requireSameType(VirtualSecret updated, VirtualSecret live) {
        if (!java.util.Objects.equals(updated.getType(), live.getType())) {
            throw ApiErrors.invalid(GROUP_KIND, updated.getMetadata().getName(),
                    List.of(ApiErrors.invalidValue("type", updated.getType(), "field is immutable")));
        }
    }

    private static void checkTypeMeta(JsonNode tree) {
        String apiVersion = tree.path("apiVersion").asText("");
        String kind = tree.path("kind").asText("");
        if (!apiVersion.isEmpty() && !apiVersion.equals(VirtualSecrets.API_VERSION)) {
            throw ApiErrors.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + VirtualSecrets.API_VERSION + ")");
        }
        if (!kind.isEmpty() && !kind.equals(VirtualSecrets.KIND)) {
            throw ApiErrors.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + VirtualSecrets.KIND + ")");
        }
    }

    private static void mergeStringData(VirtualSecret secret) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            data.putAll(secret.getData());
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((key, value) ->
                    data.put(key, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8)));
        }
        secret.setData(data);
        secret.setStringData(null);
    }

    /** The storage's checks (names, labels, keys, sizes) plus what this API adds on top. */
    private static void validate(VirtualSecret secret) {
        V1ObjectMeta metadata = secret.getMetadata();
        List<Status.Cause> causes = new ArrayList<>(VirtualSecretValidation.validate(secret));
        if (metadata.getFinalizers() != null && !metadata.getFinalizers().isEmpty()) {
            causes.add(ApiErrors.forbiddenField("metadata.finalizers", "VirtualSecrets do not support finalizers"));
        }
        if (metadata.getOwnerReferences() != null && !metadata.getOwnerReferences().isEmpty()) {
            causes.add(ApiErrors.forbiddenField("metadata.ownerReferences",
                    "VirtualSecrets do not support owner references"));
        }
        if (VirtualSecrets.TYPE_TLS.equals(secret.getType())) {
            for (String key : List.of("tls.crt", "tls.key")) {
                if (!secret.getData().containsKey(key)) {
                    causes.add(ApiErrors.requiredValue("data[" + key + "]"));
                }
            }
        }
        if (!causes.isEmpty()) {
            String name = metadata.getName();
            throw ApiErrors.invalid(GROUP_KIND, name == null ? "" : name, causes);
        }
    }

    private String generateName(String prefix) {
        StringBuilder name = new StringBuilder(prefix.length() > 58 ? prefix.substring(0, 58) : prefix);
        for (int i = 0; i < 5; i++) {
            name.append(GENERATE_ALPHABET.charAt(random.nextInt(GENERATE_ALPHABET.length())));
        }
        return name.toString();
    }
}
