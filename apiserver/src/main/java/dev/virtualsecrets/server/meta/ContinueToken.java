package dev.virtualsecrets.server.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtualsecrets.server.apierrors.ApiErrors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A list's {@code continue} token, in kube-apiserver's shape: unpadded URL-safe base64 of
 * {@code {"v":"meta.k8s.io/v1","rv":<the first page's resourceVersion>,"start":"<next key>"}}.
 * Keys are {@code namespace/name}; the next key is the last one returned followed by a NUL, so the
 * next page starts right after it. Opaque to clients; malformed tokens are 400 in kube-apiserver's words.
 *
 * @param resourceVersion the resourceVersion of the list's first page, answered by every page
 * @param start           the smallest key the next page may hold
 */
public record ContinueToken(long resourceVersion, String start) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = "meta.k8s.io/v1";

    /** The token that continues after {@code lastKey}. */
    public static ContinueToken after(long resourceVersion, String lastKey) {
        return new ContinueToken(resourceVersion, lastKey + "\u0000");
    }

    public String encode() {
        ObjectNode node = JSON.createObjectNode().put("v", VERSION).put("rv", resourceVersion).put("start", start);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static ContinueToken decode(String token) {
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(token.replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw invalid("illegal base64 data");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw invalid("not a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw invalid("not a JSON object");
        }
        if (!VERSION.equals(node.path("v").asText())) {
            throw invalid("server does not recognize this encoded key");
        }
        long resourceVersion = node.path("rv").asLong(0);
        if (!node.path("rv").isIntegralNumber() || resourceVersion <= 0) {
            throw invalid("incorrect encoded start resourceVersion (version " + VERSION + ")");
        }
        String start = node.path("start").asText("");
        if (start.isEmpty() || start.startsWith("/") || start.contains("..")) {
            throw invalid("key was not a valid start key");
        }
        return new ContinueToken(resourceVersion, start);
    }

    private static RuntimeException invalid(String why) {
        return ApiErrors.badRequest("invalid continue token: continue key is not valid: " + why);
    }
}
