package dev.virtualsecrets.csi.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one NodePublishVolume asks, checked: which VirtualSecrets (the {@code secrets} volume
 * attribute, names in the pod's namespace), the pod's namespace and the token the kubelet requested
 * for it ({@code tokenRequests} of the CSIDriver: in the volume context, or in the secrets with
 * {@code serviceAccountTokenInSecrets}), the target path and the group the files belong to.
 * {@link #toString()} never prints the token.
 */
public record PublishRequest(String volumeId, Path targetPath, String namespace, String podName,
                             List<String> secrets, String token, Integer group) {

    public static final String SECRETS = "secrets";
    static final String POD_NAMESPACE = "csi.storage.k8s.io/pod.namespace";
    static final String POD_NAME = "csi.storage.k8s.io/pod.name";
    static final String EPHEMERAL = "csi.storage.k8s.io/ephemeral";
    static final String TOKENS = "csi.storage.k8s.io/serviceAccount.tokens";
    /** A DNS subdomain, as Kubernetes object names are. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final int MAX_SECRETS = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param context the volume context (the pod's volumeAttributes and the kubelet's pod info)
     * @param secrets the request's secrets (tokens land here with serviceAccountTokenInSecrets)
     * @param group   the fsGroup the kubelet passes as volume_mount_group ("" or null: none)
     * @throws InvalidVolumeException what the pod or the CSIDriver object got wrong
     */
    public static PublishRequest of(String volumeId, String targetPath, Map<String, String> context,
                                    Map<String, String> secrets, String group, String audience) {
        if (volumeId == null || volumeId.isEmpty()) {
            throw new InvalidVolumeException("volume_id is required");
        }
        if (targetPath == null || targetPath.isEmpty() || !Path.of(targetPath).isAbsolute()) {
            throw new InvalidVolumeException("target_path must be an absolute path");
        }
        if (!"true".equals(context.get(EPHEMERAL))) {
            throw new InvalidVolumeException("only ephemeral inline volumes are served (CSIDriver volumeLifecycleModes:"
                    + " [Ephemeral], podInfoOnMount: true)");
        }
        String namespace = context.get(POD_NAMESPACE);
        if (namespace == null || namespace.isEmpty()) {
            throw new InvalidVolumeException("the pod's namespace is missing (CSIDriver podInfoOnMount: true)");
        }
        return new PublishRequest(volumeId, Path.of(targetPath), namespace, context.getOrDefault(POD_NAME, ""),
                names(context.get(SECRETS)), token(context, secrets, audience), group(group));
    }

    private static List<String> names(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            throw new InvalidVolumeException("volumeAttributes.secrets must name at least one VirtualSecret");
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String name : attribute.split(",")) {
            String trimmed = name.strip();
            if (!NAME.matcher(trimmed).matches() || trimmed.equals("..") || trimmed.startsWith("..")) {
                throw new InvalidVolumeException("volumeAttributes.secrets: \"" + trimmed
                        + "\" is not a valid VirtualSecret name");
            }
            names.add(trimmed);
        }
        if (names.size() > MAX_SECRETS) {
            throw new InvalidVolumeException("volumeAttributes.secrets names more than " + MAX_SECRETS + " VirtualSecrets");
        }
        return new ArrayList<>(names);
    }

    private static String token(Map<String, String> context, Map<String, String> secrets, String audience) {
        String tokens = secrets.getOrDefault(TOKENS, context.get(TOKENS));
        if (tokens == null) {
            throw new InvalidVolumeException("no ServiceAccount token was passed (CSIDriver tokenRequests with audience \""
                    + audience + "\")");
        }
        try {
            JsonNode token = JSON.readTree(tokens).path(audience).path("token");
            if (!token.isTextual() || token.asText().isEmpty()) {
                throw new InvalidVolumeException("no ServiceAccount token for audience \"" + audience
                        + "\" was passed (CSIDriver tokenRequests)");
            }
            return token.asText();
        } catch (IOException e) {
            throw new InvalidVolumeException("the ServiceAccount tokens the kubelet passed are not JSON");
        }
    }

    private static Integer group(String group) {
        if (group == null || group.isEmpty()) {
            return null;
        }
        try {
            int gid = Integer.parseInt(group);
            if (gid < 0) {
                throw new NumberFormatException();
            }
            return gid;
        } catch (NumberFormatException e) {
            throw new InvalidVolumeException("volume_mount_group \"" + group + "\" is not a group id");
        }
    }

    @Override
    public String toString() {
        return "PublishRequest[volumeId=" + volumeId + ", targetPath=" + targetPath + ", pod=" + namespace + "/"
                + podName + ", secrets=" + secrets + ", group=" + group + ", token=<redacted>]";
    }
}
