package dev.virtualsecrets.server.patch;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.virtualsecrets.server.apierrors.ApiErrors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Parses PATCH bodies. Parser messages quote the offending input, which may be a secret value, so
 * errors say only where the body is malformed.
 */
final class PatchBodies {

    private final ObjectReader json;
    private final ObjectReader yaml;

    PatchBodies(ObjectMapper jsonMapper, ObjectMapper yamlMapper) {
        this.json = jsonMapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.yaml = yamlMapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    JsonNode json(byte[] body) {
        return read(json, body, "error decoding patch");
    }

    /** YAML, which includes JSON. */
    JsonNode yaml(byte[] body) {
        return read(yaml, body, "error decoding YAML");
    }

    private static JsonNode read(ObjectReader reader, byte[] body, String prefix) {
        JsonNode node;
        try {
            // UTF-8 only, as Go reads it: Jackson would detect UTF-16 and UTF-32 from the first bytes.
            node = body == null || body.length == 0 ? null : reader.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw ApiErrors.badRequest(prefix + ": malformed document" + where(e.getLocation()));
        } catch (IOException e) {
            throw ApiErrors.badRequest(prefix + ": unreadable document");
        }
        if (node == null || node.isMissingNode()) {
            throw ApiErrors.badRequest(prefix + ": empty body");
        }
        return node;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
