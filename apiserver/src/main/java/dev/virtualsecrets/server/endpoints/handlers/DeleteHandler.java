package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.Status;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.meta.DeleteOptions;
import dev.virtualsecrets.server.registry.rest.Deleter;

/** DELETE of one object, answered with a Success Status as kube-apiserver does for objects without finalizers. */
final class DeleteHandler {

    private final Responses responses;

    DeleteHandler(Responses responses) {
        this.responses = responses;
    }

    void delete(Exchange exchange, Deleter storage, DeleteOptions options) {
        VirtualSecret deleted = storage.delete(exchange.caller(), exchange.info().namespace(), exchange.info().name(),
                options);
        responses.json(exchange.response(), 200, Status.success(new Status.Details(
                deleted.getMetadata().getName(), VirtualSecrets.GROUP, VirtualSecrets.PLURAL,
                deleted.getMetadata().getUid(), null, null)));
    }
}
