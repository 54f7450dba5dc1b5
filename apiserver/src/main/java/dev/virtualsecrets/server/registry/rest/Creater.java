package dev.virtualsecrets.server.registry.rest;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.meta.CreateOptions;
import dev.virtualsecrets.server.user.CallerIdentity;

/** Creates an object: 409 AlreadyExists when it exists. */
public interface Creater extends Storage {

    VirtualSecret create(CallerIdentity caller, VirtualSecret secret, CreateOptions options);
}
