package dev.virtualsecrets.server.registry.kv;

import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.registry.rest.MetadataGetter;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.util.Map;

/**
 * What the change poller reads of KV v2: which versions live in a scope, and an object itself (or
 * only its metadata, for watchers that asked for no more).
 */
public interface KvVersions extends Getter, MetadataGetter {

    /**
     * The resourceVersions of the live objects in a scope, keyed "namespace/name", from metadata
     * only (no values): one object ({@code name} set), a namespace, or all namespaces
     * ({@code namespace} null). Objects and namespaces the caller may not read are left out.
     */
    Map<String, Long> resourceVersions(CallerIdentity caller, String namespace, String name);
}
