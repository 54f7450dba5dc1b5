package dev.virtualsecrets.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a VirtualSecret a manager can own, with their values: labels, annotations, data keys
 * and type. Identity and server-set fields (name, uid, resourceVersion, spec, status, …) are nobody's;
 * {@code stringData.<key>} is owned as {@code data.<key>}, where the server stores it, with the value
 * it will have there.
 */
final class OwnedFields {

    private static final Set<List<String>> NOT_OWNED = Set.of(
            List.of("apiVersion"), List.of("kind"), List.of("spec"), List.of("status"),
            List.of("metadata", "name"), List.of("metadata", "namespace"), List.of("metadata", "uid"),
            List.of("metadata", "resourceVersion"), List.of("metadata", "generation"),
            List.of("metadata", "creationTimestamp"), List.of("metadata", "selfLink"),
            List.of("metadata", "managedFields"));

    private OwnedFields() {
    }

    /** Leaf path → value; an absent object gives none. */
    static Map<List<String>, JsonNode> of(JsonNode object) {
        Map<List<String>, JsonNode> owned = new LinkedHashMap<>();
        if (object == null || !object.isObject()) {
            return owned;
        }
        for (List<String> path : FieldSet.leavesOf(object).paths()) {
            if (NOT_OWNED.contains(path.subList(0, 1)) || NOT_OWNED.contains(path.subList(0, Math.min(2, path.size())))) {
                continue;
            }
            JsonNode value = valueAt(object, path);
            if (path.getFirst().equals("stringData") && path.size() == 2) {
                owned.put(List.of("data", path.get(1)), value.isTextual()
                        ? TextNode.valueOf(Base64.getEncoder().encodeToString(value.asText().getBytes(StandardCharsets.UTF_8)))
                        : value);
            } else if (!owned.containsKey(path)) {
                owned.put(path, value);
            }
        }
        return owned;
    }

    static FieldSet paths(Map<List<String>, JsonNode> owned) {
        return new FieldSet(owned.keySet());
    }

    static JsonNode valueAt(JsonNode node, List<String> path) {
        JsonNode current = node;
        for (String field : path) {
            current = current.path(field);
        }
        return current;
    }

    static void remove(ObjectNode root, List<String> path) {
        if (valueAt(root, path.subList(0, path.size() - 1)) instanceof ObjectNode parent) {
            parent.remove(path.getLast());
        }
        if (path.size() == 2 && path.getFirst().equals("data")
                && root.path("stringData") instanceof ObjectNode stringData) {
            stringData.remove(path.getLast());
        }
    }
}
