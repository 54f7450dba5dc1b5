package dev.virtualsecrets.server.meta;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.List;

/**
 * meta.k8s.io {@code PartialObjectMetadataList}: the metadata of each object of a list (each item a
 * {@link PartialObjectMetadata} of the same version) and the list's own metadata, whose
 * resourceVersion is where a watch can start.
 */
@JsonPropertyOrder({"kind", "apiVersion", "metadata", "items"})
public record PartialObjectMetadataList(String kind, String apiVersion, V1ListMeta metadata,
                                        List<PartialObjectMetadata> items) {

    public PartialObjectMetadataList {
        items = List.copyOf(items);
    }

    public static PartialObjectMetadataList of(String version, V1ListMeta metadata, List<V1ObjectMeta> items) {
        return new PartialObjectMetadataList(PartialObjectMetadata.LIST_KIND, PartialObjectMetadata.GROUP + "/" + version,
                metadata, items.stream().map(item -> PartialObjectMetadata.of(version, item)).toList());
    }
}
