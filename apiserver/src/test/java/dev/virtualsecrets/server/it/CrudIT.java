package dev.virtualsecrets.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.VirtualSecretsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.vault.support.VaultResponse;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static dev.virtualsecrets.server.testsupport.ApiClient.collection;
import static dev.virtualsecrets.server.testsupport.ApiClient.item;
import static dev.virtualsecrets.server.testsupport.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A platform user creates, reads, lists, updates and deletes VirtualSecrets; Vault holds the values. */
class CrudIT {

    private static final String NS = "crud";

    private static VirtualSecretsServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = VirtualSecretsServer.shared();
        api = new ApiClient(server.adminHttpClient(), server.baseUri());
    }

    private static String secret(String name, String extra) {
        return """
                {"apiVersion":"virtualsecrets.dev/v1alpha1","kind":"VirtualSecret",
                 "metadata":{"name":"%s","labels":{"app":"payments"},"annotations":{"team":"blue"}},
                 "stringData":{"password":"s3cr3t-%s"}%s}""".formatted(name, name, extra);
    }

    @Test
    void createReadsBackFromVaultWithServerSetFields() {
        HttpResponse<String> created = api.post(collection(NS), secret("store-a", ""));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode body = json(created);
        assertEquals("Opaque", body.path("type").asText());
        assertEquals("s3cr3t-store-a", decode(body.path("data").path("password").asText()));
        assertFalse(body.has("stringData"));
        assertTrue(body.path("metadata").path("resourceVersion").asText().matches("[0-9]+"));
        assertFalse(body.path("metadata").path("uid").asText().isEmpty());
        assertFalse(body.path("metadata").path("creationTimestamp").asText().isEmpty());
        assertEquals("kv-v2", body.path("spec").path("source").path("engine").asText());
        assertEquals("secret/kubernetes/crud/store-a", body.path("spec").path("source").path("path").asText());
        assertEquals(1, body.path("status").path("version").asInt());

        VaultResponse inVault = server.vault().template().read("secret/data/kubernetes/crud/store-a");
        assertNotNull(inVault);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) inVault.getRequiredData().get("data");
        assertEquals("s3cr3t-store-a", data.get("password"));

        JsonNode got = json(api.get(item(NS, "store-a")));
        assertEquals(body.path("metadata").path("uid"), got.path("metadata").path("uid"));
        assertEquals("payments", got.path("metadata").path("labels").path("app").asText());
        assertEquals("blue", got.path("metadata").path("annotations").path("team").asText());
    }

    @Test
    void createTwiceIsAlreadyExists() {
        assertEquals(201, api.post(collection(NS), secret("dup", "")).statusCode());
        HttpResponse<String> again = api.post(collection(NS), secret("dup", ""));
        assertEquals(409, again.statusCode());
        assertEquals("AlreadyExists", json(again).path("reason").asText());
    }

    @Test
    void updateUsesResourceVersionAsCheckAndSet() {
        JsonNode created = json(api.post(collection(NS), secret("cas", "")));
        String rv = created.path("metadata").path("resourceVersion").asText();
        String update = """
                {"apiVersion":"virtualsecrets.dev/v1alpha1","kind":"VirtualSecret",
                 "metadata":{"name":"cas","resourceVersion":"%s"},"stringData":{"password":"v2"}}""";
        HttpResponse<String> updated = api.put(item(NS, "cas"), update.formatted(rv));
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals(2, json(updated).path("status").path("version").asInt());

        HttpResponse<String> stale = api.put(item(NS, "cas"), update.formatted(rv));
        assertEquals(409, stale.statusCode());
        assertEquals("Conflict", json(stale).path("reason").asText());
        assertEquals("v2", decode(json(api.get(item(NS, "cas"))).path("data").path("password").asText()));
    }

    @Test
    void listFiltersByNamespaceLabelAndField() {
        api.post(collection("crud-list"), secret("one", ""));
        api.post(collection("crud-list"), """
                {"metadata":{"name":"two","labels":{"app":"web"}},"stringData":{"k":"v"}}""");
        JsonNode list = json(api.get(collection("crud-list")));
        assertEquals("VirtualSecretList", list.path("kind").asText());
        assertTrue(list.path("metadata").path("resourceVersion").asText().matches("[0-9]+"));
        assertEquals(2, list.path("items").size());

        JsonNode labelled = json(api.get(collection("crud-list") + "?labelSelector=app%3Dweb"));
        assertEquals(1, labelled.path("items").size());
        assertEquals("two", labelled.path("items").get(0).path("metadata").path("name").asText());

        JsonNode named = json(api.get(collection("crud-list") + "?fieldSelector=metadata.name%3Done"));
        assertEquals(1, named.path("items").size());

        JsonNode all = json(api.get(ApiClient.VSEC + "/virtualsecrets?fieldSelector=metadata.namespace%3Dcrud-list"));
        assertEquals(2, all.path("items").size());

        HttpResponse<String> badField = api.get(collection("crud-list") + "?fieldSelector=data.k%3Dv");
        assertEquals(400, badField.statusCode());
    }

    @Test
    void deleteRemovesFromVault() {
        api.post(collection(NS), secret("gone", ""));
        HttpResponse<String> deleted = api.delete(item(NS, "gone"));
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals("Success", json(deleted).path("status").asText());
        HttpResponse<String> missing = api.get(item(NS, "gone"));
        assertEquals(404, missing.statusCode());
        assertEquals("NotFound", json(missing).path("reason").asText());
        assertEquals("virtualsecrets.virtualsecrets.dev \"gone\" not found", json(missing).path("message").asText());
        assertNull(server.vault().template().read("secret/data/kubernetes/crud/gone"));
    }

    @Test
    void yamlBodiesAreAccepted() {
        HttpResponse<String> created = api.post(collection(NS), """
                apiVersion: virtualsecrets.dev/v1alpha1
                kind: VirtualSecret
                metadata:
                  name: from-yaml
                stringData:
                  k: v
                """, "Content-Type", "application/yaml");
        assertEquals(201, created.statusCode(), created.body());
    }

    @Test
    void dryRunWritesNothing() {
        HttpResponse<String> created = api.post(collection(NS) + "?dryRun=All", secret("dry", ""));
        assertEquals(201, created.statusCode());
        assertEquals(404, api.get(item(NS, "dry")).statusCode());
        assertNull(server.vault().template().read("secret/data/kubernetes/crud/dry"));
    }

    @Test
    void badInputIsAStatusAndNothingIsWritten() {
        HttpResponse<String> invalidName = api.post(collection(NS), secret("Bad_Name", ""));
        assertEquals(422, invalidName.statusCode());
        JsonNode status = json(invalidName);
        assertEquals("Invalid", status.path("reason").asText());
        assertEquals("metadata.name", status.path("details").path("causes").get(0).path("field").asText());

        HttpResponse<String> escape = api.post(collection(NS), secret("..", ""));
        assertEquals(422, escape.statusCode());

        HttpResponse<String> malformed = api.post(collection(NS), "{\"metadata\": {\"name\": \"x\"");
        assertEquals(400, malformed.statusCode());
        assertEquals("BadRequest", json(malformed).path("reason").asText());

        HttpResponse<String> malformedYaml = api.post(collection(NS), "metadata:\n  name: [x\n", "Content-Type", "application/yaml");
        assertEquals(400, malformedYaml.statusCode());
        assertEquals("BadRequest", json(malformedYaml).path("reason").asText());

        String big = "{\"metadata\":{\"name\":\"big\"},\"stringData\":{\"k\":\"" + "x".repeat(70_000) + "\"}}";
        HttpResponse<String> tooLarge = api.post(collection(NS), big);
        assertEquals(413, tooLarge.statusCode());
        assertEquals("RequestEntityTooLarge", json(tooLarge).path("reason").asText());

        HttpResponse<String> wrongNamespace = api.post(collection(NS), """
                {"metadata":{"name":"ns","namespace":"other"},"stringData":{"k":"v"}}""");
        assertEquals(400, wrongNamespace.statusCode());

        HttpResponse<String> badKey = api.post(collection(NS), """
                {"metadata":{"name":"badkey"},"stringData":{"a/b":"v"}}""");
        assertEquals(422, badKey.statusCode());
        assertEquals("data[a/b]", json(badKey).path("details").path("causes").get(0).path("field").asText());

        for (String name : new String[]{"Bad_Name", "big", "ns", "badkey"}) {
            assertEquals(404, api.get(item(NS, name.toLowerCase())).statusCode());
        }
        assertEquals(404, api.get(item(NS, "..%2Fetc")).statusCode());
    }

    @Test
    void fieldValidationStrictRejectsUnknownFieldsAndWarnWarns() {
        String body = """
                {"metadata":{"name":"strict"},"stringData":{"k":"v"},"extra":1}""";
        HttpResponse<String> strict = api.post(collection(NS) + "?fieldValidation=Strict", body);
        assertEquals(400, strict.statusCode());
        assertTrue(json(strict).path("message").asText().contains("unknown field \"extra\""));

        HttpResponse<String> warn = api.post(collection(NS) + "?fieldValidation=Warn", body);
        assertEquals(201, warn.statusCode());
        assertTrue(warn.headers().firstValue("Warning").orElse("").contains("unknown field"));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
