package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.meta.FieldValidation;
import dev.virtualsecrets.server.patch.FieldManager;
import io.helidon.http.HeaderNames;

import java.util.List;

/**
 * The object a create or update sends, as a validated VirtualSecret: read (size-limited), parsed,
 * checked for unknown fields (Warning headers or 400), normalized, and with the fields it sets
 * recorded in its managedFields.
 */
final class ObjectReader {

    private final RequestBodies bodies;
    private final ObjectValidator validator;
    private final ObjectCodec codec;
    private final FieldManager fields;

    ObjectReader(RequestBodies bodies, ObjectValidator validator, ObjectCodec codec, FieldManager fields) {
        this.bodies = bodies;
        this.validator = validator;
        this.codec = codec;
        this.fields = fields;
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

    /**
     * Records in {@code secret}'s managedFields what this write (not a server-side apply) sets, as
     * its manager's {@code Update}; {@code live} is null for a create.
     */
    void recordFields(Exchange exchange, VirtualSecret secret, VirtualSecret live, String fieldManager) {
        String manager = FieldManager.managerOf(fieldManager,
                exchange.request().headers().first(HeaderNames.USER_AGENT).orElse(""));
        secret.getMetadata().setManagedFields(codec.managedFields(fields.update(
                live == null ? null : codec.toTree(live), codec.toTree(secret), manager)));
    }

    private static void warn(Exchange exchange, List<String> warnings) {
        for (String warning : warnings) {
            exchange.response().header(HeaderNames.create("Warning"),
                    "299 - \"" + warning.replace("\"", "\\\"") + "\"");
        }
    }
}
