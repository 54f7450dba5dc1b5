package dev.virtualsecrets.server.registry.rest;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.meta.UpdateOptions;
import dev.virtualsecrets.server.user.CallerIdentity;

/**
 * Replaces data, type, labels and annotations. A non-empty {@code metadata.resourceVersion} is a
 * precondition: 409 Conflict when stale. 404 when absent.
 */
public interface Updater extends Storage {

    VirtualSecret update(CallerIdentity caller, VirtualSecret secret, UpdateOptions options);
}
