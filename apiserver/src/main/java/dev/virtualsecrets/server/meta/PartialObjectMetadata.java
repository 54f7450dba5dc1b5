package dev.virtualsecrets.server.meta;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.Set;

/**
 * meta.k8s.io {@code PartialObjectMetadata}: an object's metadata and nothing else, what client-go's
 * metadata client (garbage collector, quota controller) asks for. It has no place for data, spec
 * or status, so no secret value can travel in it.
 *
 * @param apiVersion {@code meta.k8s.io/v1} or {@code meta.k8s.io/v1beta1}
 */
@JsonPropertyOrder({"kind", "apiVersion", "metadata"})
public record PartialObjectMetadata(String kind, String apiVersion, V1ObjectMeta metadata) {

    public static final String GROUP = "meta.k8s.io";
    public static final String KIND = "PartialObjectMetadata";
    public static final String LIST_KIND = "PartialObjectMetadataList";
    public static final Set<String> VERSIONS = Set.of("v1", "v1beta1");

    public PartialObjectMetadata {
        if (!apiVersion.startsWith(GROUP + "/") || !VERSIONS.contains(apiVersion.substring(GROUP.length() + 1))) {
            throw new IllegalArgumentException("unsupported PartialObjectMetadata version " + apiVersion);
        }
    }

    /**
     * The metadata of an object in {@code version}: name, namespace, uid, resourceVersion,
     * creationTimestamp, labels and annotations (copied: later changes to {@code metadata} do not show).
     */
    public static PartialObjectMetadata of(String version, V1ObjectMeta metadata) {
        V1ObjectMeta copy = new V1ObjectMeta()
                .name(metadata.getName())
                .namespace(metadata.getNamespace())
                .uid(metadata.getUid())
                .resourceVersion(metadata.getResourceVersion())
                .creationTimestamp(metadata.getCreationTimestamp())
                .labels(metadata.getLabels())
                .annotations(metadata.getAnnotations());
        return new PartialObjectMetadata(KIND, GROUP + "/" + version, copy);
    }
}
