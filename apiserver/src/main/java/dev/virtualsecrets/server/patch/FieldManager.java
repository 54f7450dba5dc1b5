package dev.virtualsecrets.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps {@code metadata.managedFields} for writes other than server-side apply (create, update,
 * merge and JSON patch), as k8s.io/apiserver's field manager does: the fields a write adds or
 * changes become its manager's ({@code Update} entry) and leave every other manager's set; fields
 * it removes leave every set. A write that sends {@code managedFields} of its own replaces them
 * ({@code [{}]} clears them); one that leaves them out or unchanged keeps the live ones. A write
 * that changes nothing keeps the live entries, times included, so it stays a no-op.
 */
public final class FieldManager {

    private static final int MAX_MANAGER_LENGTH = 128;

    private final Clock clock;

    public FieldManager(Clock clock) {
        this.clock = clock;
    }

    /**
     * The manager of a write: its {@code fieldManager} option, else the User-Agent up to its first
     * {@code /} (upstream's default, so {@code kubectl/v1.35.0 …} is {@code kubectl}).
     */
    public static String managerOf(String fieldManager, String userAgent) {
        if (fieldManager != null && !fieldManager.isEmpty()) {
            return fieldManager;
        }
        String prefix = userAgent == null ? "" : userAgent.split("/", 2)[0];
        return prefix.length() > MAX_MANAGER_LENGTH ? prefix.substring(0, MAX_MANAGER_LENGTH) : prefix;
    }

    /**
     * @param live    the stored object, or null for a create
     * @param updated the object to be written
     * @return the managedFields the written object gets (possibly empty)
     */
    public ArrayNode update(JsonNode live, JsonNode updated, String manager) {
        Map<List<String>, JsonNode> before = OwnedFields.of(live);
        Map<List<String>, JsonNode> after = OwnedFields.of(updated);
        Set<List<String>> changed = new LinkedHashSet<>();
        after.forEach((path, value) -> {
            if (!Objects.equals(before.get(path), value)) {
                changed.add(path);
            }
        });
        Set<List<String>> removed = new LinkedHashSet<>(before.keySet());
        removed.removeAll(after.keySet());

        List<ManagedEntry> entries = new ArrayList<>();
        ManagedEntry mine = null;
        for (ManagedEntry entry : baseEntries(live, updated)) {
            Set<List<String>> kept = new LinkedHashSet<>(entry.fields().paths());
            kept.removeAll(removed);
            if (entry.is(manager, ManagedEntry.UPDATE)) {
                kept.addAll(changed);
                mine = entry.withFields(new FieldSet(kept));
                entries.add(mine);
            } else {
                kept.removeAll(changed);
                entries.add(entry.withFields(new FieldSet(kept)));
            }
        }
        if (mine == null && !changed.isEmpty()) {
            entries.add(new ManagedEntry(manager, ManagedEntry.UPDATE, updated.path("apiVersion").asText(null), null,
                    new FieldSet(changed)));
        }
        List<ManagedEntry> stamped = new ArrayList<>();
        for (ManagedEntry entry : entries) {
            boolean touched = entry.is(manager, ManagedEntry.UPDATE) && !changed.isEmpty();
            stamped.add(touched ? new ManagedEntry(entry.manager(), entry.operation(), entry.apiVersion(),
                    now(), entry.fields()) : entry);
        }
        return keepTimesIfUnchanged(live, updated, ManagedEntry.toJson(stamped));
    }

    /**
     * The live managedFields when a write changes neither the object nor who owns what: only
     * times would differ, and a write that changes nothing must not write (upstream ignores
     * managedFields timestamps the same way).
     */
    static ArrayNode keepTimesIfUnchanged(JsonNode live, JsonNode updated, ArrayNode managedFields) {
        if (live == null || !OwnedFields.of(live).equals(OwnedFields.of(updated))) {
            return managedFields;
        }
        JsonNode liveFields = live.path("metadata").path("managedFields");
        List<ManagedEntry> before = ManagedEntry.listOf(liveFields);
        List<ManagedEntry> after = ManagedEntry.listOf(managedFields);
        if (before.size() != after.size()) {
            return managedFields;
        }
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).sameAs(after.get(i))) {
                return managedFields;
            }
        }
        return liveFields instanceof ArrayNode array ? array.deepCopy() : managedFields;
    }

    /** The entries a write starts from: its own when it sends different ones, else the live object's. */
    private static List<ManagedEntry> baseEntries(JsonNode live, JsonNode updated) {
        JsonNode sent = updated.path("metadata").path("managedFields");
        JsonNode stored = live == null ? null : live.path("metadata").path("managedFields");
        boolean sendsOwn = sent.isArray() && !sent.isEmpty() && !sent.equals(stored);
        if (sendsOwn) {
            return ManagedEntry.listOf(sent);
        }
        return stored == null ? List.of() : ManagedEntry.listOf(stored);
    }

    private String now() {
        return timestamp(clock.instant());
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Sets {@code metadata.managedFields} of {@code object}, or removes it when there are none. */
    public static void set(ObjectNode object, ArrayNode managedFields) {
        ObjectNode metadata = object.withObjectProperty("metadata");
        if (managedFields.isEmpty()) {
            metadata.remove("managedFields");
        } else {
            metadata.set("managedFields", managedFields);
        }
    }
}
