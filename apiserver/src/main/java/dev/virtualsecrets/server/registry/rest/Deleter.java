package dev.virtualsecrets.server.registry.rest;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.meta.DeleteOptions;
import dev.virtualsecrets.server.user.CallerIdentity;

/** Deletes and returns the last state; the options' preconditions give 409 Conflict when stale. */
public interface Deleter extends Storage {

    VirtualSecret delete(CallerIdentity caller, String namespace, String name, DeleteOptions options);
}
