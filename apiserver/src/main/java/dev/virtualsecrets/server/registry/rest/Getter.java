package dev.virtualsecrets.server.registry.rest;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.user.CallerIdentity;

/** Reads one object as the caller: 404 when absent, 403 when the caller's Vault policy refuses. */
public interface Getter extends Storage {

    VirtualSecret get(CallerIdentity caller, String namespace, String name, GetOptions options);
}
