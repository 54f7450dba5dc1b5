package dev.virtualsecrets.server.registry.rest;

import dev.virtualsecrets.server.user.CallerIdentity;

/**
 * A storage whose changes reach watches (it publishes them to the watch hub). A watch delivers an
 * object only to a watcher that may read it: this says who may.
 */
public interface Watcher extends Storage {

    /** Whether the caller's Vault identity may read this object. */
    boolean visibleTo(CallerIdentity caller, String namespace, String name);
}
