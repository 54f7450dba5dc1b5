package dev.virtualsecrets.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the configuration once: built-in defaults ({@code virtualsecrets-defaults.yaml}), then the
 * YAML file, then environment variables {@code VIRTUALSECRETS_<PATH>}. Unknown keys are errors, so a
 * typo never silently falls back to a default.
 */
public final class ConfigLoader {

    static final String DEFAULTS_RESOURCE = "/virtualsecrets-defaults.yaml";
    static final String ENV_PREFIX = "VIRTUALSECRETS_";

    private final ObjectMapper yaml;

    public ConfigLoader() {
        SimpleModule durations = new SimpleModule("durations")
                .addDeserializer(Duration.class, new DurationDeserializer());
        this.yaml = YAMLMapper.builder()
                .addModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** Loads defaults, then {@code file} (nullable), then overrides from {@code env}. */
    public ServerConfig load(Path file, Map<String, String> env) {
        ObjectNode tree = readDefaults();
        if (file != null) {
            JsonNode fromFile = readFile(file);
            if (fromFile != null && !fromFile.isNull() && !fromFile.isMissingNode()) {
                mergeKnown(tree, fromFile, "");
            }
        }
        applyEnv(tree, "", env);
        try {
            return yaml.treeToValue(tree, ServerConfig.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException("invalid configuration: " + e.getOriginalMessage());
        }
    }

    private ObjectNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
            }
            return (ObjectNode) yaml.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode readFile(Path file) {
        try {
            return yaml.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Deep-merges {@code override} into {@code base}; a key that the defaults lack is an error. An
     * empty map in the defaults is free-form (e.g. {@code identity.users.groupPolicies}): it is replaced.
     */
    private static void mergeKnown(ObjectNode base, JsonNode override, String path) {
        if (!override.isObject()) {
            throw new ConfigException("configuration " + (path.isEmpty() ? "root" : path) + " must be a map");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = override.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (!base.has(key)) {
                throw new ConfigException("unknown configuration key: " + childPath);
            }
            JsonNode current = base.get(key);
            if (current.isObject() && !current.isEmpty() && field.getValue().isObject()) {
                mergeKnown((ObjectNode) current, field.getValue(), childPath);
            } else {
                base.set(key, field.getValue());
            }
        }
    }

    private static void applyEnv(ObjectNode node, String path, Map<String, String> env) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        fields.forEachRemaining(entries::add);
        for (Map.Entry<String, JsonNode> field : entries) {
            String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (field.getValue().isObject()) {
                applyEnv((ObjectNode) field.getValue(), childPath, env);
                continue;
            }
            String value = env.get(envName(childPath));
            if (value == null) {
                continue;
            }
            if (field.getValue().isArray()) {
                ArrayNode list = JsonNodeFactory.instance.arrayNode();
                for (String item : value.split(",")) {
                    if (!item.isBlank()) {
                        list.add(item.trim());
                    }
                }
                node.set(field.getKey(), list);
            } else {
                node.put(field.getKey(), value);
            }
        }
    }

    /** {@code vault.tokenFile} → {@code VIRTUALSECRETS_VAULT_TOKEN_FILE}. */
    static String envName(String path) {
        StringBuilder name = new StringBuilder(ENV_PREFIX);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.') {
                name.append('_');
            } else if (Character.isUpperCase(c)) {
                // A word starts after a lower-case letter or digit, or at the last capital of an acronym (CAFile).
                char previous = i > 0 ? path.charAt(i - 1) : '.';
                boolean nextLower = i + 1 < path.length() && Character.isLowerCase(path.charAt(i + 1));
                if (Character.isLowerCase(previous) || Character.isDigit(previous)
                        || (Character.isUpperCase(previous) && nextLower)) {
                    name.append('_');
                }
                name.append(c);
            } else {
                name.append(Character.toUpperCase(c));
            }
        }
        return name.toString();
    }

    /** Accepts {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 1d} and ISO-8601 ({@code PT2S}). */
    static Duration parseDuration(String text) {
        String value = text.trim();
        if (value.startsWith("P") || value.startsWith("p")) {
            return Duration.parse(value);
        }
        int unitStart = 0;
        while (unitStart < value.length() && Character.isDigit(value.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0) {
            throw new ConfigException("invalid duration \"" + text + "\": use e.g. 500ms, 2s, 5m, 1h");
        }
        long amount = Long.parseLong(value.substring(0, unitStart));
        return switch (value.substring(unitStart)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s", "" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new ConfigException("invalid duration \"" + text + "\": use e.g. 500ms, 2s, 5m, 1h");
        };
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return parseDuration(parser.getValueAsString());
        }
    }
}
