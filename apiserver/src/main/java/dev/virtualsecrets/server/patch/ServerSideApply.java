package dev.virtualsecrets.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.virtualsecrets.server.apierrors.ApiErrors;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.virtualsecrets.server.registry.rest.VirtualSecretResource.GROUP_RESOURCE;

/**
 * Server-side apply, simplified to what a flat resource like VirtualSecret needs:
 * <ul>
 *   <li>the applied configuration is merged over the live object (objects recursively, arrays and
 *       scalars replaced; null values in the configuration are ignored);</li>
 *   <li>each manager's applied leaf paths are recorded in {@code metadata.managedFields} (operation
 *       {@code Apply}, FieldsV1); a field the manager applied before and omits now is removed,
 *       unless another manager also owns it;</li>
 *   <li>applying a different value to a field another manager owns is a 409 Conflict, unless
 *       {@code force}, which moves the field to the applier;</li>
 *   <li>{@code stringData.<key>} is owned as {@code data.<key>}, where the server stores it.</li>
 * </ul>
 * Simplified against upstream: ownership is compared path by path (a manager owning a whole map
 * does not conflict with another owning one of its keys); arrays are atomic; non-apply writes do
 * not record {@code Update} entries, so they take no ownership.
 */
final class ServerSideApply {

    private static final String MANAGED_FIELDS = "managedFields";
    private static final Set<List<String>> NOT_OWNED = Set.of(
            List.of("apiVersion"), List.of("kind"),
            List.of("metadata", "name"), List.of("metadata", "namespace"), List.of("metadata", "uid"),
            List.of("metadata", "resourceVersion"), List.of("metadata", "generation"),
            List.of("metadata", "creationTimestamp"), List.of("metadata", "selfLink"),
            List.of("metadata", MANAGED_FIELDS));

    private ServerSideApply() {
    }

    /**
     * @param live   the current object, or null when apply creates it
     * @param config the applied configuration (an object)
     */
    static ObjectNode apply(ObjectNode live, ObjectNode config, String manager, boolean force, Instant now) {
        if (config.path("apiVersion").asText("").isEmpty() || config.path("kind").asText("").isEmpty()) {
            throw ApiErrors.badRequest("error decoding YAML: apiVersion and kind must be set");
        }
        if (!config.path("metadata").path(MANAGED_FIELDS).isMissingNode()
                && !config.path("metadata").path(MANAGED_FIELDS).isNull()) {
            throw ApiErrors.badRequest("metadata.managedFields must be nil");
        }
        ObjectNode applied = withoutNulls(config);
        FieldSet appliedFields = ownedFields(applied);

        List<ManagedEntry> entries = live == null ? new ArrayList<>() : ManagedEntry.listOf(live);
        ManagedEntry mine = null;
        Map<String, List<List<String>>> conflicts = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            ManagedEntry entry = entries.get(i);
            if (entry.isApplyBy(manager)) {
                mine = entry;
                continue;
            }
            Set<List<String>> kept = new LinkedHashSet<>(entry.fields().paths());
            for (List<String> path : entry.fields().paths()) {
                if (appliedFields.contains(path) && !valueAt(live, path).equals(appliedValueAt(applied, path))) {
                    conflicts.computeIfAbsent(entry.manager(), m -> new ArrayList<>()).add(path);
                    kept.remove(path);
                }
            }
            entries.set(i, entry.withFields(new FieldSet(kept)));
        }
        String name = applied.path("metadata").path("name").asText(live == null ? "" : live.path("metadata").path("name").asText(""));
        if (!conflicts.isEmpty() && !force) {
            throw ApiErrors.conflict(GROUP_RESOURCE, name, conflictMessage(conflicts));
        }

        ObjectNode result = live == null ? applied.deepCopy() : (ObjectNode) merge(live.deepCopy(), applied);
        if (mine != null) {
            for (List<String> path : mine.fields().paths()) {
                if (!appliedFields.contains(path) && !ownedByOthers(entries, manager, path)) {
                    remove(result, path);
                }
            }
        }

        ManagedEntry updated = new ManagedEntry(manager, "Apply", applied.path("apiVersion").asText(),
                now.truncatedTo(ChronoUnit.SECONDS).toString(), appliedFields);
        ArrayNode managedFields = JsonNodeFactory.instance.arrayNode();
        boolean written = false;
        for (ManagedEntry entry : entries) {
            if (entry == mine) {
                managedFields.add(updated.toJson());
                written = true;
            } else if (!entry.fields().paths().isEmpty()) {
                managedFields.add(entry.toJson());
            }
        }
        if (!written) {
            managedFields.add(updated.toJson());
        }
        result.withObjectProperty("metadata").set(MANAGED_FIELDS, managedFields);
        return result;
    }

    /** The applied leaf paths a manager owns: identity and server-set metadata excluded, stringData as data. */
    private static FieldSet ownedFields(ObjectNode applied) {
        Set<List<String>> owned = new LinkedHashSet<>();
        for (List<String> path : FieldSet.leavesOf(applied).paths()) {
            if (NOT_OWNED.contains(path.subList(0, Math.min(2, path.size())))) {
                continue;
            }
            if (path.getFirst().equals("stringData") && path.size() == 2) {
                owned.add(List.of("data", path.get(1)));
            } else {
                owned.add(path);
            }
        }
        return new FieldSet(owned);
    }

    private static boolean ownedByOthers(List<ManagedEntry> entries, String manager, List<String> path) {
        return entries.stream().anyMatch(e -> !e.isApplyBy(manager) && e.fields().contains(path));
    }

    private static JsonNode valueAt(JsonNode node, List<String> path) {
        JsonNode current = node;
        for (String field : path) {
            current = current.path(field);
        }
        return current;
    }

    /** stringData values compare as the base64 the server stores under data. */
    private static JsonNode appliedValueAt(ObjectNode applied, List<String> path) {
        JsonNode value = valueAt(applied, path);
        if (value.isMissingNode() && path.size() == 2 && path.getFirst().equals("data")) {
            JsonNode plain = applied.path("stringData").path(path.get(1));
            if (plain.isTextual()) {
                return TextNode.valueOf(Base64.getEncoder().encodeToString(plain.asText().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return value;
    }

    private static JsonNode merge(JsonNode target, JsonNode applied) {
        if (!(target instanceof ObjectNode object) || !applied.isObject()) {
            return applied.deepCopy();
        }
        for (Map.Entry<String, JsonNode> field : applied.properties()) {
            JsonNode existing = object.get(field.getKey());
            object.set(field.getKey(), existing == null ? field.getValue().deepCopy() : merge(existing, field.getValue()));
        }
        return object;
    }

    private static void remove(ObjectNode root, List<String> path) {
        JsonNode parent = valueAt(root, path.subList(0, path.size() - 1));
        if (parent instanceof ObjectNode object) {
            object.remove(path.getLast());
        }
    }

    private static ObjectNode withoutNulls(ObjectNode node) {
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            copy.set(field.getKey(), value instanceof ObjectNode object ? withoutNulls(object) : value.deepCopy());
        }
        return copy;
    }

    /** Upstream's wording: {@code Apply failed with 1 conflict: conflict with "m": .data.a}. */
    private static String conflictMessage(Map<String, List<List<String>>> conflicts) {
        int count = conflicts.values().stream().mapToInt(List::size).sum();
        StringBuilder message = new StringBuilder("Apply failed with ").append(count)
                .append(count == 1 ? " conflict: " : " conflicts: ");
        if (count == 1) {
            Map.Entry<String, List<List<String>>> only = conflicts.entrySet().iterator().next();
            return message.append("conflict with \"").append(only.getKey()).append("\": ")
                    .append(FieldSet.display(only.getValue().getFirst())).toString();
        }
        List<String> parts = new ArrayList<>();
        conflicts.forEach((manager, paths) -> {
            StringBuilder part = new StringBuilder("conflicts with \"").append(manager).append("\":");
            paths.forEach(path -> part.append("\n- ").append(FieldSet.display(path)));
            parts.add(part.toString());
        });
        return message.append(String.join("\n", parts)).toString();
    }

    /** One {@code metadata.managedFields} entry. */
    private record ManagedEntry(String manager, String operation, String apiVersion, String time, FieldSet fields) {

        static List<ManagedEntry> listOf(ObjectNode live) {
            List<ManagedEntry> entries = new ArrayList<>();
            for (JsonNode entry : live.path("metadata").path(MANAGED_FIELDS)) {
                entries.add(new ManagedEntry(entry.path("manager").asText(""), entry.path("operation").asText(""),
                        entry.path("apiVersion").asText(null), entry.path("time").asText(null),
                        FieldSet.fromFieldsV1(entry.path("fieldsV1"))));
            }
            return entries;
        }

        boolean isApplyBy(String name) {
            return manager.equals(name) && operation.equals("Apply");
        }

        ManagedEntry withFields(FieldSet changed) {
            return new ManagedEntry(manager, operation, apiVersion, time, changed);
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
}
