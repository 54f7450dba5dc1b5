package dev.virtualsecrets.server.registry.kv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.Status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps a VirtualSecret's type, labels and annotations in a KV v2 secret's
 * {@code custom_metadata}: key {@code type}, keys {@code label/<key>} and
 * {@code annotation/<key>}, values encoded by {@link KvValueCodec#encodeMetadata}.
 *
 * <p>Vault limits custom metadata to {@value #MAX_KEYS} keys, keys of {@value #MAX_KEY_BYTES} bytes
 * and values of {@value #MAX_VALUE_BYTES} bytes; exceeding them is a 422 before anything is written.
 *
 * <p>{@value #LAST_APPLIED} is special: kubectl apply writes the whole object into it, values
 * included. It is stored with every value of {@code data} and {@code stringData} replaced by an
 * empty string (keys kept, so that kubectl's three-way merge still sees removed keys). As it is
 * often longer than one value may be, it is split into chunks under {@code last-applied/<n>}; if
 * the chunks do not fit into the keys left, or it is not JSON (so cannot be cleaned), it is dropped
 * rather than failing the request: kubectl then falls back to a two-way merge.
 *
 * <p>{@code metadata.managedFields} (compact JSON, see {@link KvManagedFields}) is split the same way
 * into {@code managed-fields/<n>}. It names fields, never values. Server-side apply needs all of it,
 * so when it does not fit next to the labels and annotations the write is a 422, not a silent loss.
 */
public final class KvCustomMetadata {

    public static final int MAX_KEYS = 64;
    public static final int MAX_KEY_BYTES = 128;
    public static final int MAX_VALUE_BYTES = 512;
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    static final String TYPE_KEY = "type";
    static final String LABEL_PREFIX = "label/";
    static final String ANNOTATION_PREFIX = "annotation/";
    static final String LAST_APPLIED_PREFIX = "last-applied/";
    static final String MANAGED_FIELDS_PREFIX = "managed-fields/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private KvCustomMetadata() {
    }

    /**
     * The fields of a VirtualSecret kept in custom metadata; maps are never null, managedFields is
     * its compact JSON or null.
     */
    public record Fields(String type, Map<String, String> labels, Map<String, String> annotations,
                         String managedFields) {
        public Fields {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        }
    }

    /** The custom metadata for {@code fields}; limit violations are added to {@code problems}. */
    public static Map<String, String> encode(Fields fields, List<Status.Cause> problems) {
        Map<String, String> stored = new TreeMap<>();
        if (fields.type() != null) {
            put(stored, TYPE_KEY, fields.type(), "type", problems);
        }
        new TreeMap<>(fields.labels()).forEach((key, value) ->
                put(stored, LABEL_PREFIX + key, value, "metadata.labels", problems));
        new TreeMap<>(fields.annotations()).forEach((key, value) -> {
            if (!key.equals(LAST_APPLIED)) {
                put(stored, ANNOTATION_PREFIX + key, value, "metadata.annotations", problems);
            }
        });
        if (stored.size() > MAX_KEYS) {
            problems.add(ApiErrors.invalidValue("metadata", stored.size(),
                    "labels, annotations and type need more than " + MAX_KEYS + " Vault custom metadata keys"));
        }
        if (fields.managedFields() != null && problems.isEmpty()) {
            List<String> chunks = splitByBytes(KvValueCodec.encodeMetadata(fields.managedFields()), MAX_VALUE_BYTES);
            if (stored.size() + chunks.size() > MAX_KEYS) {
                problems.add(ApiErrors.invalidValue("metadata.managedFields", "<" + chunks.size() + " keys>",
                        "labels, annotations, type and managedFields need more than " + MAX_KEYS
                                + " Vault custom metadata keys"));
            }
            for (int i = 0; i < chunks.size(); i++) {
                stored.put(MANAGED_FIELDS_PREFIX + i, chunks.get(i));
            }
        }
        String lastApplied = fields.annotations().get(LAST_APPLIED);
        if (lastApplied != null) {
            List<String> chunks = lastAppliedChunks(lastApplied);
            if (stored.size() + chunks.size() <= MAX_KEYS) {
                for (int i = 0; i < chunks.size(); i++) {
                    stored.put(LAST_APPLIED_PREFIX + i, chunks.get(i));
                }
            }
        }
        return stored;
    }

    public static Fields decode(Map<String, String> stored) {
        String type = null;
        Map<String, String> labels = new TreeMap<>();
        Map<String, String> annotations = new TreeMap<>();
        TreeMap<Integer, String> lastApplied = new TreeMap<>();
        TreeMap<Integer, String> managedFields = new TreeMap<>();
        for (Map.Entry<String, String> entry : stored.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue() == null ? "" : entry.getValue();
            if (key.equals(TYPE_KEY)) {
                type = KvValueCodec.decodeMetadata(value);
            } else if (key.startsWith(LABEL_PREFIX)) {
                labels.put(key.substring(LABEL_PREFIX.length()), KvValueCodec.decodeMetadata(value));
            } else if (key.startsWith(ANNOTATION_PREFIX)) {
                annotations.put(key.substring(ANNOTATION_PREFIX.length()), KvValueCodec.decodeMetadata(value));
            } else if (key.startsWith(LAST_APPLIED_PREFIX)) {
                putChunk(lastApplied, key.substring(LAST_APPLIED_PREFIX.length()), value);
            } else if (key.startsWith(MANAGED_FIELDS_PREFIX)) {
                putChunk(managedFields, key.substring(MANAGED_FIELDS_PREFIX.length()), value);
            }
        }
        String joinedLastApplied = joinChunks(lastApplied);
        if (joinedLastApplied != null) {
            annotations.put(LAST_APPLIED, joinedLastApplied);
        }
        return new Fields(type, labels, annotations, joinChunks(managedFields));
    }

    private static void putChunk(TreeMap<Integer, String> chunks, String index, String value) {
        try {
            chunks.put(Integer.parseInt(index), value);
        } catch (NumberFormatException e) {
            // Not ours: someone else's custom metadata key that merely looks alike.
        }
    }

    /** The value split into chunks 0..n-1, or null when there are none or one is missing. */
    private static String joinChunks(TreeMap<Integer, String> chunks) {
        if (chunks.isEmpty() || chunks.firstKey() != 0 || chunks.lastKey() != chunks.size() - 1) {
            return null;
        }
        return KvValueCodec.decodeMetadata(String.join("", chunks.values()));
    }

    /**
     * The last-applied configuration without the values of {@code data} and {@code stringData},
     * or null when it is not a JSON object and therefore cannot be cleaned.
     */
    static String withoutSecretValues(String lastApplied) {
        try {
            JsonNode root = JSON.readTree(lastApplied);
            if (!(root instanceof ObjectNode object)) {
                return null;
            }
            blankValues(object, "data");
            blankValues(object, "stringData");
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void blankValues(ObjectNode object, String field) {
        if (object.get(field) instanceof ObjectNode values) {
            List<String> keys = new ArrayList<>();
            values.fieldNames().forEachRemaining(keys::add);
            keys.forEach(key -> values.put(key, ""));
        } else if (object.has(field)) {
            object.remove(field);
        }
    }

    private static List<String> lastAppliedChunks(String lastApplied) {
        String cleaned = withoutSecretValues(lastApplied);
        if (cleaned == null) {
            return List.of();
        }
        return splitByBytes(KvValueCodec.encodeMetadata(cleaned), MAX_VALUE_BYTES);
    }

    /** Splits at code point boundaries into pieces of at most {@code maxBytes} UTF-8 bytes. */
    static List<String> splitByBytes(String value, int maxBytes) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int pieceBytes = 0;
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            int bytes = utf8Length(codePoint);
            if (pieceBytes + bytes > maxBytes) {
                pieces.add(piece.toString());
                piece.setLength(0);
                pieceBytes = 0;
            }
            piece.appendCodePoint(codePoint);
            pieceBytes += bytes;
            i += Character.charCount(codePoint);
        }
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
        }
        return pieces;
    }

    private static void put(Map<String, String> stored, String key, String value, String field,
                            List<Status.Cause> problems) {
        String encoded = KvValueCodec.encodeMetadata(value == null ? "" : value);
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            problems.add(ApiErrors.invalidValue(field, key,
                    "keys must be at most " + (MAX_KEY_BYTES - prefixLength(key)) + " bytes to be kept in Vault custom metadata"));
        } else if (encoded.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            problems.add(ApiErrors.invalidValue(field + "[" + key.substring(prefixLength(key)) + "]",
                    "<" + value.length() + " characters>",
                    "values must be at most " + MAX_VALUE_BYTES + " bytes (after encoding) to be kept in Vault custom metadata"));
        } else {
            stored.put(key, encoded);
        }
    }

    private static int prefixLength(String key) {
        return key.startsWith(LABEL_PREFIX) ? LABEL_PREFIX.length()
                : key.startsWith(ANNOTATION_PREFIX) ? ANNOTATION_PREFIX.length() : 0;
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }
}
