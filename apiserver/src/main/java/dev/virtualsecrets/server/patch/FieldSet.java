package dev.virtualsecrets.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of field paths, as recorded in {@code metadata.managedFields[].fieldsV1}: nested objects
 * keyed {@code f:<field>}, leaves {@code {}}. Arrays count as one (atomic) field; the
 * {@code k:}/{@code v:}/{@code i:} list-item keys of upstream are not produced and are ignored on
 * input.
 */
record FieldSet(Set<List<String>> paths) {

    FieldSet {
        paths = Set.copyOf(paths);
    }

    /** The leaf paths of a document: non-empty objects are descended into, anything else is a leaf. */
    static FieldSet leavesOf(JsonNode document) {
        Set<List<String>> paths = new LinkedHashSet<>();
        collectLeaves(document, new ArrayList<>(), paths);
        return new FieldSet(paths);
    }

    static FieldSet fromFieldsV1(JsonNode fieldsV1) {
        Set<List<String>> paths = new LinkedHashSet<>();
        if (fieldsV1 != null && fieldsV1.isObject()) {
            collectFieldsV1(fieldsV1, new ArrayList<>(), paths);
        }
        return new FieldSet(paths);
    }

    ObjectNode toFieldsV1() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        paths.stream().sorted(FieldSet::compare).forEach(path -> {
            ObjectNode node = root;
            for (String field : path) {
                node = node.withObjectProperty("f:" + field);
            }
        });
        return root;
    }

    boolean contains(List<String> path) {
        return paths.contains(path);
    }

    static String display(List<String> path) {
        return "." + String.join(".", path);
    }

    private static void collectLeaves(JsonNode node, List<String> prefix, Set<List<String>> paths) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                prefix.add(field.getKey());
                collectLeaves(field.getValue(), prefix, paths);
                prefix.removeLast();
            }
        } else if (!prefix.isEmpty()) {
            paths.add(List.copyOf(prefix));
        }
    }

    private static void collectFieldsV1(JsonNode node, List<String> prefix, Set<List<String>> paths) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            if (key.equals(".") && !prefix.isEmpty()) {
                paths.add(List.copyOf(prefix));
            } else if (key.startsWith("f:")) {
                prefix.add(key.substring(2));
                if (entry.getValue().isEmpty()) {
                    paths.add(List.copyOf(prefix));
                } else {
                    collectFieldsV1(entry.getValue(), prefix, paths);
                }
                prefix.removeLast();
            }
        }
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
