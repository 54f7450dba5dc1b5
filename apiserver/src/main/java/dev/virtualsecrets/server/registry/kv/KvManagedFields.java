package dev.virtualsecrets.server.registry.kv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1ManagedFieldsEntry;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metadata.managedFields} as one compact JSON array, the form kept in KV custom metadata
 * (see {@link KvCustomMetadata}): manager, operation, apiVersion, time, subresource and fieldsV1 of
 * each entry ({@code fieldsType} is always FieldsV1). Field paths name keys, never values.
 */
final class KvManagedFields {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KvManagedFields() {
    }

    /** The compact JSON array, or null when there are no entries. */
    static String encode(List<V1ManagedFieldsEntry> entries) {
        if (entries == null || entries.isEmpty()) {
            return null;
        }
        ArrayNode array = JSON.createArrayNode();
        for (V1ManagedFieldsEntry entry : entries) {
            ObjectNode node = array.addObject();
            putIfSet(node, "manager", entry.getManager());
            putIfSet(node, "operation", entry.getOperation());
            putIfSet(node, "apiVersion", entry.getApiVersion());
            if (entry.getTime() != null) {
                node.put("time", entry.getTime().withOffsetSameInstant(ZoneOffset.UTC)
                        .truncatedTo(ChronoUnit.SECONDS).toInstant().toString());
            }
            putIfSet(node, "subresource", entry.getSubresource());
            node.set("fieldsV1", JSON.valueToTree(entry.getFieldsV1() == null ? java.util.Map.of() : entry.getFieldsV1()));
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("managedFields could not be written as JSON", e);
        }
    }

    /** Reverses {@link #encode}; what is not an array of entries (someone else's edit in Vault) gives none. */
    static List<V1ManagedFieldsEntry> decode(String stored) {
        List<V1ManagedFieldsEntry> entries = new ArrayList<>();
        if (stored == null) {
            return entries;
        }
        try {
            for (JsonNode node : JSON.readTree(stored)) {
                entries.add(new V1ManagedFieldsEntry()
                        .manager(node.path("manager").asText(null))
                        .operation(node.path("operation").asText(null))
                        .apiVersion(node.path("apiVersion").asText(null))
                        .time(node.hasNonNull("time") ? OffsetDateTime.parse(node.path("time").asText()) : null)
                        .subresource(node.path("subresource").asText(null))
                        .fieldsType("FieldsV1")
                        .fieldsV1(JSON.convertValue(node.path("fieldsV1"), Object.class)));
            }
            return entries;
        } catch (JsonProcessingException | DateTimeParseException | IllegalArgumentException e) {
            return List.of();
        }
    }

    /** Whether two encoded managedFields name the same managers, operations and fields, whatever their times. */
    static boolean sameIgnoringTimes(String a, String b) {
        if (a == null || b == null) {
            return a == b;
        }
        try {
            JsonNode left = JSON.readTree(a);
            JsonNode right = JSON.readTree(b);
            left.forEach(entry -> ((ObjectNode) entry).remove("time"));
            right.forEach(entry -> ((ObjectNode) entry).remove("time"));
            return left.equals(right);
        } catch (JsonProcessingException | ClassCastException e) {
            return a.equals(b);
        }
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
