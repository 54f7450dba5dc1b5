package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.meta.CreateOptions;
import dev.virtualsecrets.server.registry.SourceRouter;
import dev.virtualsecrets.server.registry.rest.Creater;

/** POST to a namespace: the body names the object, and so the storage that may create it. */
final class CreateHandler {

    private final SourceRouter sources;
    private final ObjectReader objects;
    private final Responses responses;

    CreateHandler(SourceRouter sources, ObjectReader objects, Responses responses) {
        this.sources = sources;
        this.objects = objects;
        this.responses = responses;
    }

    void create(Exchange exchange, CreateOptions options) {
        VirtualSecret secret = objects.read(exchange, null, options.fieldValidation());
        String name = secret.getMetadata().getName();
        String resourceVersion = secret.getMetadata().getResourceVersion();
        if (resourceVersion != null && !resourceVersion.isEmpty()) {
            // kube-apiserver's storage refuses this with its message but as a 500; it is the client's error.
            throw ApiErrors.badRequest("resourceVersion should not be set on objects to be created");
        }
        objects.recordFields(exchange, secret, null, options.fieldManager());
        Creater storage = Verbs.require(Creater.class, sources.storageFor(name), name);
        responses.json(exchange.response(), 201, storage.create(exchange.caller(), secret, options));
    }
}
