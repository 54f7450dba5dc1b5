package dev.virtualsecrets.server.registry.rest;

import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.List;

/**
 * Lists the metadata of the objects of a namespace ({@code namespace == null}: of all namespaces)
 * as the caller, like {@link Lister}, without reading any secret value from Vault and without
 * having Vault issue one. Selectors are applied by the handler.
 */
public interface MetadataLister extends Storage {

    List<V1ObjectMeta> listMetadata(CallerIdentity caller, String namespace, ListOptions options);
}
