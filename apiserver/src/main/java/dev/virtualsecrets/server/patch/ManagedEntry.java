package dev.virtualsecrets.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** One {@code metadata.managedFields} entry: who set which fields, by apply or by another write. */
record ManagedEntry(String manager, String operation, String apiVersion, String time, FieldSet fields) {

    static final String APPLY = "Apply";
    static final String UPDATE = "Update";

    /** The entries of a {@code managedFields} array; an entry without a manager or operation ({@code {}}) is left out. */
    static List<ManagedEntry> listOf(JsonNode managedFields) {
        List<ManagedEntry> entries = new ArrayList<>();
        for (JsonNode entry : managedFields) {
            if (entry.path("operation").asText("").isEmpty() && entry.path("manager").asText("").isEmpty()) {
                continue;
            }
            entries.add(new ManagedEntry(entry.path("manager").asText(""), entry.path("operation").asText(""),
                    entry.path("apiVersion").asText(null), entry.path("time").asText(null),
                    FieldSet.fromFieldsV1(entry.path("fieldsV1"))));
        }
        return entries;
    }

    static ArrayNode toJson(List<ManagedEntry> entries) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        entries.stream().filter(entry -> !entry.fields().paths().isEmpty()).forEach(entry -> array.add(entry.toJson()));
        return array;
    }

    boolean is(String name, String op) {
        return manager.equals(name) && operation.equals(op);
    }

    ManagedEntry withFields(FieldSet changed) {
        return new ManagedEntry(manager, operation, apiVersion, time, changed);
    }

    /** The same entry apart from its time. */
    boolean sameAs(ManagedEntry other) {
        return manager.equals(other.manager) && operation.equals(other.operation)
                && java.util.Objects.equals(apiVersion, other.apiVersion) && fields.equals(other.fields);
    }

    /** As kube-apiserver names a manager in a conflict: an Update entry with its API version. */
    String describe() {
        String quoted = "\"" + manager + "\"";
        return operation.equals(UPDATE) ? quoted + " using " + apiVersion : quoted;
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("manager", manager);
        node.put("operation", operation);
        if (apiVersion != null) {
            node.put("apiVersion", apiVersion);
        }
        if (time != null) {
            node.put("time", time);
        }
        node.put("fieldsType", "FieldsV1");
        node.set("fieldsV1", fields.toFieldsV1());
        return node;
    }
}
