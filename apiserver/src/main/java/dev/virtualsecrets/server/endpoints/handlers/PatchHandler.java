package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.meta.PatchOptions;
import dev.virtualsecrets.server.patch.PatchApplier;
import dev.virtualsecrets.server.patch.PatchType;
import dev.virtualsecrets.server.registry.rest.Creater;
import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.registry.rest.Updater;

/**
 * PATCH of one object: merge, JSON or server-side apply over the live object, then an update
 * conditional on the version patched (409 when a write slipped in). Server-side apply creates
 * what does not exist yet.
 */
final class PatchHandler {

    private final ObjectCodec codec;
    private final PatchApplier patches;
    private final RequestBodies bodies;
    private final ObjectReader objects;
    private final ObjectValidator validator;
    private final Responses responses;

    PatchHandler(ObjectCodec codec, PatchApplier patches, RequestBodies bodies, ObjectReader objects,
                 ObjectValidator validator, Responses responses) {
        this.codec = codec;
        this.patches = patches;
        this.bodies = bodies;
        this.objects = objects;
        this.validator = validator;
        this.responses = responses;
    }

    void patch(Exchange exchange, Updater storage, PatchOptions options) {
        String namespace = exchange.info().namespace();
        String name = exchange.info().name();
        Getter reader = Verbs.require(Getter.class, storage, name);
        PatchType type = PatchType.fromContentType(exchange.contentType());
        byte[] body = bodies.read(exchange);
        VirtualSecret live = type == PatchType.APPLY
                ? getIfExists(exchange, reader, namespace, name)
                : reader.get(exchange.caller(), namespace, name, GetOptions.NONE);
        JsonNode patched = patches.apply(type, live == null ? null : codec.toTree(live), body, options);
        VirtualSecret secret = objects.prepare(exchange, patched, name, options.fieldValidation());
        if (live == null) {
            secret.getMetadata().setResourceVersion(null);
            Creater creater = Verbs.require(Creater.class, storage, name);
            responses.json(exchange.response(), 201, creater.create(exchange.caller(), secret, options.asCreate()));
            return;
        }
        validator.validateUpdate(secret, live);
        // A resourceVersion the patch sets is the client's precondition (controller-runtime's optimistic
        // lock), as with kube-apiserver. Otherwise the patch was computed against this exact version: a
        // concurrent write makes it a 409.
        String requested = secret.getMetadata().getResourceVersion();
        if (requested == null || requested.isEmpty()) {
            secret.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
        }
        responses.json(exchange.response(), 200, storage.update(exchange.caller(), secret, options.asUpdate()));
    }

    private static VirtualSecret getIfExists(Exchange exchange, Getter storage, String namespace, String name) {
        try {
            return storage.get(exchange.caller(), namespace, name, GetOptions.NONE);
        } catch (RuntimeException e) {
            if (ApiErrors.isNotFound(e)) {
                return null;
            }
            throw e;
        }
    }
}
