package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.apierrors.ApiErrors;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code fieldValidation} query parameter: {@code Strict} rejects unknown fields with 400,
 * {@code Warn} (the default) answers with Warning headers, {@code Ignore} drops them silently.
 */
public enum FieldValidation {
    IGNORE, WARN, STRICT;

    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "type", "data", "stringData",
            "spec", "status");
    private static final Set<String> METADATA = Set.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "labels", "annotations", "ownerReferences", "finalizers", "managedFields");
    private static final Set<String> SPEC = Set.of("source");
    private static final Set<String> SOURCE = Set.of("engine", "path");
    private static final Set<String> STATUS = Set.of("version", "lease");
    private static final Set<String> LEASE = Set.of("id", "durationSeconds", "renewable", "expiresAt");

    public static FieldValidation parse(String value) {
        if (value == null || value.isEmpty() || value.equals("Warn")) {
            return WARN;
        }
        return switch (value) {
            case "Strict" -> STRICT;
            case "Ignore" -> IGNORE;
            default -> throw ApiErrors.badRequest("fieldValidation must be one of Ignore, Warn or Strict, got \""
                    + value + "\"");
        };
    }

    /** Checks {@code object}; returns the warnings to send (empty unless WARN found unknown fields). */
    public List<String> check(JsonNode object) {
        if (this == IGNORE) {
            return List.of();
        }
        List<String> unknown = unknownFields(object);
        if (unknown.isEmpty()) {
            return List.of();
        }
        if (this == STRICT) {
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
