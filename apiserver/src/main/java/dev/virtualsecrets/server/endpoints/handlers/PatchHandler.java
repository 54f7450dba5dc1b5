package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.meta.PatchOptions;
import dev.virtualsecrets.server.patch.PatchApplier;
import dev.virtualsecrets.server.patch.PatchType;
import dev.virtualsecrets.server.registry.rest.Creater;
import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.registry.rest.Updater;
import dev.virtualsecrets.server.registry.rest.VirtualSecretResource;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * PATCH of one object: merge, JSON or server-side apply over the live object, then an update
 * conditional on the version patched (409 when a write slipped in). Server-side apply creates
 * what does not exist yet.
 */
final class PatchHandler {

    /**
     * How long a patch without its own resourceVersion is tried again against concurrent writers.
     * kube-apiserver retries such a patch until the request's deadline (60 s); this stays well below.
     */
    private static final Duration RETRY_FOR = Duration.ofSeconds(10);

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
        String name = exchange.info().name();
        Getter reader = Verbs.require(Getter.class, storage, name);
        PatchType type = PatchType.fromContentType(exchange.contentType());
        byte[] body = bodies.read(exchange);
        // Like kube-apiserver's GuaranteedUpdate: a patch without a resourceVersion of its own is
        // applied again to the new live object when a concurrent write won; one with is the
        // client's optimistic lock and its conflict is the client's to handle.
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                patchOnce(exchange, storage, reader, type, body, options);
                return;
            } catch (ClientPrecondition e) {
                throw e.conflict();
            } catch (ApiException e) {
                boolean lostRace = ApiErrors.isConflict(e) || ApiErrors.isAlreadyExists(e);
                if (!lostRace || System.nanoTime() > deadline) {
                    throw e;
                }
                backOff(attempt);
            }
        }
    }

    /** A few random milliseconds, more after each lost race, so that contending patches spread out. */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1 + Math.min(50, attempt * 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiErrors.internalError("the server is shutting down");
        }
    }

    private void patchOnce(Exchange exchange, Updater storage, Getter reader, PatchType type, byte[] body,
                           PatchOptions options) {
        String namespace = exchange.info().namespace();
        String name = exchange.info().name();
        VirtualSecret live = type == PatchType.APPLY
                ? getIfExists(exchange, reader, namespace, name)
                : reader.get(exchange.caller(), namespace, name, GetOptions.NONE);
        JsonNode patched = patches.apply(type, live == null ? null : codec.toTree(live), body, options);
        VirtualSecret secret = objects.prepare(exchange, patched, name, options.fieldValidation());
        if (type != PatchType.APPLY) {
            objects.recordFields(exchange, secret, live, options.fieldManager());
        }
        if (live == null) {
            secret.getMetadata().setResourceVersion(null);
            Creater creater = Verbs.require(Creater.class, storage, name);
            responses.json(exchange.response(), 201, creater.create(exchange.caller(), secret, options.asCreate()));
            return;
        }
        validator.validatePatch(secret, live);
        String liveVersion = live.getMetadata().getResourceVersion();
        String patchedVersion = secret.getMetadata().getResourceVersion();
        if (patchedVersion == null || patchedVersion.isEmpty()) {
            // A patch that removed the resourceVersion is computed against this exact version all the same.
            secret.getMetadata().setResourceVersion(liveVersion);
        } else if (!patchedVersion.equals(liveVersion)) {
            // The patch names a version of its own (controller-runtime's optimistic lock): the client's conflict.
            throw new ClientPrecondition(ApiErrors.staleResourceVersion(VirtualSecretResource.GROUP_RESOURCE, name));
        }
        // Conditional on the version patched: a lost race is retried on the new live object, where a
        // patch naming the old version now conflicts and a JSON patch's test of it now fails (422).
        responses.json(exchange.response(), 200, storage.update(exchange.caller(), secret, options.asUpdate()));
    }

    /** A conflict on the client's own resourceVersion: never retried. */
    private static final class ClientPrecondition extends RuntimeException {
        private final ApiException conflict;

        ClientPrecondition(ApiException conflict) {
            super(null, null, false, false);
            this.conflict = conflict;
        }

        ApiException conflict() {
            return conflict;
        }
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
