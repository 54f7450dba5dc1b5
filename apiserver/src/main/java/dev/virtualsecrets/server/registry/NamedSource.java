package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.server.registry.rest.Storage;

/** A source that serves only the names its pattern matches, e.g. {@code db-*} → database credentials. */
public interface NamedSource extends Storage {

    boolean serves(String name);
}
