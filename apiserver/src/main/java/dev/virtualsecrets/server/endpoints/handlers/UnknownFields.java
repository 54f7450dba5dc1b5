package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.meta.FieldValidation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields of a VirtualSecret body that the schema does not know, handled as the {@code
 * fieldValidation} directive says: {@code Strict} rejects them with 400, {@code Warn} answers
 * with Warning headers, {@code Ignore} drops them silently.
 */
public final class UnknownFields {

    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "type", "data", "stringData",
            "spec", "status");
    private static final Set<String> METADATA = Set.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "labels", "annotations", "ownerReferences", "finalizers", "managedFields");
    private static final Set<String> SPEC = Set.of("source");
    private static final Set<String> SOURCE = Set.of("engine", "path");
    private static final Set<String> STATUS = Set.of("version", "lease");
    private static final Set<String> LEASE = Set.of("id", "durationSeconds", "renewable", "expiresAt");

    private UnknownFields() {
    }

    /** Checks {@code object}; returns the warnings to send (empty unless WARN found unknown fields). */
    public static List<String> check(FieldValidation directive, JsonNode object) {
        if (directive == FieldValidation.IGNORE) {
            return List.of();
        }
        List<String> unknown = unknownFields(object);
        if (unknown.isEmpty()) {
            return List.of();
        }
        if (directive == FieldValidation.STRICT) {
            StringBuilder message = new StringBuilder("strict decoding error: ");
            for (int i = 0; i < unknown.size(); i++) {
                message.append(i == 0 ? "" : ", ").append("unknown field \"").append(unknown.get(i)).append("\"");
            }
            throw ApiErrors.badRequest(message.toString());
        }
        return unknown.stream().map(field -> "unknown field \"" + field + "\"").toList();
    }

    static List<String> unknownFields(JsonNode object) {
        List<String> unknown = new ArrayList<>();
        collect(object, "", TOP, unknown);
        collect(object.path("metadata"), "metadata.", METADATA, unknown);
        collect(object.path("spec"), "spec.", SPEC, unknown);
        collect(object.path("spec").path("source"), "spec.source.", SOURCE, unknown);
        collect(object.path("status"), "status.", STATUS, unknown);
        collect(object.path("status").path("lease"), "status.lease.", LEASE, unknown);
        return unknown;
    }

    private static void collect(JsonNode node, String prefix, Set<String> known, List<String> unknown) {
        if (!node.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            String name = fields.next().getKey();
            if (!known.contains(name)) {
                unknown.add(prefix + name);
            }
        }
    }
}
