package dev.virtualsecrets.server.registry.rest;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.util.List;

/**
 * Lists the objects of a namespace ({@code namespace == null}: of all namespaces), as the caller:
 * what the caller's Vault identity may not read is left out. When the options' field selector
 * names one object, a storage may read just that one. Selectors are applied by the handler.
 */
public interface Lister extends Storage {

    List<VirtualSecret> list(CallerIdentity caller, String namespace, ListOptions options);
}
