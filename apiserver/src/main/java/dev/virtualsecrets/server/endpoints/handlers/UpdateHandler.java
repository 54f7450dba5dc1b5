package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.meta.UpdateOptions;
import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.registry.rest.Updater;

/** PUT of one object: the body replaces it; immutable fields are checked against the live object. */
final class UpdateHandler {

    private final ObjectReader objects;
    private final ObjectValidator validator;
    private final Responses responses;

    UpdateHandler(ObjectReader objects, ObjectValidator validator, Responses responses) {
        this.objects = objects;
        this.validator = validator;
        this.responses = responses;
    }

    void update(Exchange exchange, Updater storage, UpdateOptions options) {
        String name = exchange.info().name();
        VirtualSecret secret = objects.read(exchange, name, options.fieldValidation());
        Getter reader = Verbs.require(Getter.class, storage, name);
        VirtualSecret live = reader.get(exchange.caller(), exchange.info().namespace(), name, GetOptions.NONE);
        validator.validateUpdate(secret, live);
        objects.recordFields(exchange, secret, live, options.fieldManager());
        responses.json(exchange.response(), 200, storage.update(exchange.caller(), secret, options));
    }
}
