package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.registry.rest.Storage;

/** A verb is what a storage's interfaces allow: the storage as that verb's interface, or 405. */
final class Verbs {

    private Verbs() {
    }

    static <T> T require(Class<T> verb, Storage storage, String name) {
        if (verb.isInstance(storage)) {
            return verb.cast(storage);
        }
        throw ApiErrors.methodNotAllowedBecause(storage.refusal(name));
    }
}
