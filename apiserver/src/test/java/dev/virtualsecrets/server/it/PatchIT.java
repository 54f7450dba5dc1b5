package dev.virtualsecrets.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.VirtualSecretsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static dev.virtualsecrets.server.testsupport.ApiClient.collection;
import static dev.virtualsecrets.server.testsupport.ApiClient.item;
import static dev.virtualsecrets.server.testsupport.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Patching: merge patch, JSON patch, server-side apply; strategic merge is refused. */
class PatchIT {

    private static final String NS = "patch";

    private static ApiClient api;

    @BeforeAll
    static void start() {
        VirtualSecretsServer server = VirtualSecretsServer.shared();
        api = new ApiClient(server.adminHttpClient(), server.baseUri());
    }

    private static void create(String name) {
        HttpResponse<String> created = api.post(collection(NS), """
                {"metadata":{"name":"%s","labels":{"tier":"db"}},"stringData":{"user":"app","password":"one"}}"""
                .formatted(name));
        assertEquals(201, created.statusCode(), created.body());
    }

    @Test
    void mergePatchChangesAndRemovesKeys() {
        create("merge");
        HttpResponse<String> patched = api.patch(item(NS, "merge"), "application/merge-patch+json",
                "{\"stringData\":{\"password\":\"two\"},\"data\":{\"user\":null},\"metadata\":{\"labels\":{\"tier\":null,\"env\":\"prod\"}}}");
        assertEquals(200, patched.statusCode(), patched.body());
        JsonNode body = json(patched);
        assertEquals("two", decode(body.path("data").path("password").asText()));
        assertFalse(body.path("data").has("user"));
        assertEquals("prod", body.path("metadata").path("labels").path("env").asText());
        assertFalse(body.path("metadata").path("labels").has("tier"));
        assertEquals(2, body.path("status").path("version").asInt());
    }

    @Test
    void jsonPatchAppliesOperationsAndFailedTestIsRejected() {
        create("json");
        String value = Base64.getEncoder().encodeToString("three".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> patched = api.patch(item(NS, "json"), "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/data/password\",\"value\":\"" + value + "\"}]");
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("three", decode(json(patched).path("data").path("password").asText()));

        HttpResponse<String> failed = api.patch(item(NS, "json"), "application/json-patch+json",
                "[{\"op\":\"test\",\"path\":\"/type\",\"value\":\"kubernetes.io/tls\"}]");
        assertEquals(422, failed.statusCode(), failed.body());
        assertEquals("three", decode(json(api.get(item(NS, "json"))).path("data").path("password").asText()));
    }

    @Test
    void serverSideApplyCreatesUpdatesAndNeedsAFieldManager() {
        String applied = """
                apiVersion: virtualsecrets.dev/v1alpha1
                kind: VirtualSecret
                metadata:
                  name: applied
                stringData:
                  token: first
                """;
        HttpResponse<String> noManager = api.patch(item(NS, "applied"), "application/apply-patch+yaml", applied);
        // kube-apiserver's answer for a ConfigMap: 422 Invalid PatchOptions.
        assertEquals(422, noManager.statusCode(), noManager.body());
        assertEquals("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
                ApiClient.json(noManager).path("message").asText());

        HttpResponse<String> created = api.patch(item(NS, "applied") + "?fieldManager=it", "application/apply-patch+yaml", applied);
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> updated = api.patch(item(NS, "applied") + "?fieldManager=it", "application/apply-patch+yaml",
                applied.replace("first", "second"));
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals("second", decode(json(updated).path("data").path("token").asText()));
    }

    @Test
    void strategicMergePatchIsUnsupported() {
        create("smp");
        HttpResponse<String> response = api.patch(item(NS, "smp"), "application/strategic-merge-patch+json",
                "{\"stringData\":{\"password\":\"x\"}}");
        assertEquals(415, response.statusCode());
        assertEquals("UnsupportedMediaType", json(response).path("reason").asText());
    }

    @Test
    void patchOfAMissingObjectIsNotFound() {
        HttpResponse<String> response = api.patch(item(NS, "missing"), "application/merge-patch+json", "{}");
        assertEquals(404, response.statusCode());
        assertTrue(json(response).path("message").asText().contains("\"missing\" not found"));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
