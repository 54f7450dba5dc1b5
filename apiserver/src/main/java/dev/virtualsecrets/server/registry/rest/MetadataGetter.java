package dev.virtualsecrets.server.registry.rest;

import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/**
 * Reads one object's metadata as the caller (a PartialObjectMetadata get) without reading any
 * secret value from Vault and without having Vault issue one: KV metadata, a lease already held.
 * 404 when absent, 403 when the caller's Vault policy refuses.
 */
public interface MetadataGetter extends Storage {

    V1ObjectMeta getMetadata(CallerIdentity caller, String namespace, String name, GetOptions options);
}
