package dev.virtualsecrets.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.Status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 * does not conflict with another owning one of its keys); arrays are atomic. Other writes take
 * ownership through {@link FieldManager}, and an apply of a different value to a field such a
 * write set conflicts with it too.
 */
final class ServerSideApply {

    private static final String MANAGED_FIELDS = "managedFields";

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
        Map<List<String>, JsonNode> appliedValues = OwnedFields.of(applied);
        Map<List<String>, JsonNode> liveValues = OwnedFields.of(live);
        FieldSet appliedFields = OwnedFields.paths(appliedValues);

        List<ManagedEntry> entries = live == null ? new ArrayList<>()
                : new ArrayList<>(ManagedEntry.listOf(live.path("metadata").path(MANAGED_FIELDS)));
        ManagedEntry mine = null;
        Map<ManagedEntry, List<List<String>>> conflicts = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            ManagedEntry entry = entries.get(i);
            if (entry.is(manager, ManagedEntry.APPLY)) {
                mine = entry;
                continue;
            }
            Set<List<String>> kept = new LinkedHashSet<>(entry.fields().paths());
            for (List<String> path : entry.fields().paths()) {
                if (appliedFields.contains(path) && !Objects.equals(liveValues.get(path), appliedValues.get(path))) {
                    conflicts.computeIfAbsent(entry, m -> new ArrayList<>()).add(path);
                    kept.remove(path);
                }
            }
            entries.set(i, entry.withFields(new FieldSet(kept)));
        }
        if (!conflicts.isEmpty() && !force) {
            List<Status.Cause> causes = new ArrayList<>();
            conflicts.forEach((entry, paths) -> paths.forEach(path -> causes.add(new Status.Cause(
                    "FieldManagerConflict", "conflict with " + entry.describe(), FieldSet.display(path)))));
            throw ApiErrors.applyConflict(conflictMessage(conflicts), causes);
        }

        ObjectNode result = live == null ? applied.deepCopy() : (ObjectNode) merge(live.deepCopy(), applied);
        if (mine != null) {
            for (List<String> path : mine.fields().paths()) {
                if (!appliedFields.contains(path) && !ownedByOthers(entries, manager, path)) {
                    OwnedFields.remove(result, path);
                }
            }
        }

        ManagedEntry updated = new ManagedEntry(manager, ManagedEntry.APPLY, applied.path("apiVersion").asText(),
                FieldManager.timestamp(now), appliedFields);
        int position = entries.indexOf(mine);
        if (position >= 0) {
            entries.set(position, updated);
        } else {
            entries.add(updated);
        }
        FieldManager.set(result, FieldManager.keepTimesIfUnchanged(live, result, ManagedEntry.toJson(entries)));
        return result;
    }

    private static boolean ownedByOthers(List<ManagedEntry> entries, String manager, List<String> path) {
        return entries.stream().anyMatch(e -> !e.is(manager, ManagedEntry.APPLY) && e.fields().contains(path));
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

    /**
     * kube-apiserver's wording: {@code Apply failed with 1 conflict: conflict with "m": .data.a}, an
     * Update manager named with its API version ({@code "m" using v1}).
     */
    private static String conflictMessage(Map<ManagedEntry, List<List<String>>> conflicts) {
        int count = conflicts.values().stream().mapToInt(List::size).sum();
        StringBuilder message = new StringBuilder("Apply failed with ").append(count)
                .append(count == 1 ? " conflict: " : " conflicts: ");
        if (count == 1) {
            Map.Entry<ManagedEntry, List<List<String>>> only = conflicts.entrySet().iterator().next();
            return message.append("conflict with ").append(only.getKey().describe()).append(": ")
                    .append(FieldSet.display(only.getValue().getFirst())).toString();
        }
        List<String> parts = new ArrayList<>();
        conflicts.forEach((entry, paths) -> {
            StringBuilder part = new StringBuilder("conflicts with ").append(entry.describe()).append(":");
            paths.forEach(path -> part.append("\n- ").append(FieldSet.display(path)));
            parts.add(part.toString());
        });
        return message.append(String.join("\n", parts)).toString();
    }
}
