package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import io.kubernetes.client.openapi.models.V1ManagedFieldsEntry;

import java.util.List;

/** Converts between VirtualSecrets and JSON trees. Errors never quote the input: it may hold secrets. */
public final class ObjectCodec {

    private static final TypeReference<List<V1ManagedFieldsEntry>> MANAGED_FIELDS = new TypeReference<>() {
    };

    private final ObjectMapper json;
    /** Reads request objects: a number or boolean where a string belongs is refused, as Go's decoder does. */
    private final ObjectMapper strict;

    public ObjectCodec(ObjectMapper json) {
        this.json = json;
        this.strict = json.copy();
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    public ObjectNode toTree(VirtualSecret secret) {
        return json.valueToTree(secret);
    }

    public VirtualSecret fromTree(JsonNode tree) {
        try {
            return strict.treeToValue(tree, VirtualSecret.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw ApiErrors.badRequest("the object could not be decoded as a VirtualSecret: " + describe(e));
        }
    }

    /** managedFields entries as the object model holds them; null for none. */
    public List<V1ManagedFieldsEntry> managedFields(ArrayNode entries) {
        return entries.isEmpty() ? null : json.convertValue(entries, MANAGED_FIELDS);
    }

    /** Names the failing field, never the value. */
    private static String describe(Exception e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    field.append('[').append(ref.getIndex()).append(']');
                }
            }
            String why = mapping.getOriginalMessage() != null && mapping.getOriginalMessage().contains("base64")
                    ? "illegal base64 data" : "wrong type";
            return why + " in field \"" + field + "\"";
        }
        return "malformed object";
    }
}
