package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.meta.FieldValidation;
import io.helidon.http.HeaderNames;

import java.util.List;

/**
 * The object a create or update sends, as a validated VirtualSecret: read (size-limited), parsed,
 * checked for unknown fields (Warning headers or 400), normalized.
 */
final class ObjectReader {

    private final RequestBodies bodies;
    private final ObjectValidator validator;

    ObjectReader(RequestBodies bodies, ObjectValidator validator) {
        this.bodies = bodies;
        this.validator = validator;
    }

    VirtualSecret read(Exchange exchange, String urlName, FieldValidation fieldValidation) {
        JsonNode tree = bodies.parseObject(bodies.read(exchange), exchange.contentType());
        return prepare(exchange, tree, urlName, fieldValidation);
    }

    /** A tree from the body or from a patch: field-validated, then validated and normalized. */
    VirtualSecret prepare(Exchange exchange, JsonNode tree, String urlName, FieldValidation fieldValidation) {
        warn(exchange, UnknownFields.check(fieldValidation, tree));
        return validator.prepare(tree, exchange.info().namespace(), urlName);
    }

    private static void warn(Exchange exchange, List<String> warnings) {
        for (String warning : warnings) {
            exchange.response().header(HeaderNames.create("Warning"),
                    "299 - \"" + warning.replace("\"", "\\\"") + "\"");
        }
    }
}
