package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.meta.CreateOptions;
import dev.virtualsecrets.server.meta.DeleteOptions;
import dev.virtualsecrets.server.meta.FieldValidation;
import dev.virtualsecrets.server.meta.GetOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.COLLECTION;
import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceDispatcherTest {

    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";
    private static final String JSON_TYPE = "application/json";

    private final ResourceServer server = new ResourceServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static String object(String name) {
        return """
                {"apiVersion":"virtualsecrets.dev/v1alpha1","kind":"VirtualSecret",
                 "metadata":{"name":"%s"},"stringData":{"password":"s3cr3t"}}""".formatted(name);
    }

    private static void assertStatus(HttpResponse<String> response, int code, String reason, String message) {
        JsonNode status = json(response);
        assertEquals(code, response.statusCode(), response.body());
        assertEquals("Status", status.path("kind").asText());
        assertEquals(reason, status.path("reason").asText());
        assertEquals(message, status.path("message").asText());
    }

    @Test
    void aWriteVerbTheStorageDoesNotImplementIs405WithItsRefusalAndTheStorageIsNeverCalled() {
        String path = COLLECTION + "/db-app";
        String refusal = "VirtualSecret \"db-app\" is " + ReadOnlyStorage.REFUSAL;

        assertStatus(server.send("PUT", path, JSON_TYPE, object("db-app")), 405, "MethodNotAllowed", refusal);
        assertStatus(server.send("PATCH", path, "application/merge-patch+json", "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}"),
                405, "MethodNotAllowed", refusal);
        assertStatus(server.send("PATCH", path + "?fieldManager=alice", "application/apply-patch+yaml", object("db-app")),
                405, "MethodNotAllowed", refusal);
        assertStatus(server.delete(path), 405, "MethodNotAllowed", refusal);
        assertStatus(server.send("POST", COLLECTION, JSON_TYPE, object("db-app")), 405, "MethodNotAllowed", refusal);

        assertEquals(List.of(), server.readOnly.calls);
        assertEquals(List.of(), server.storage.calls);
    }

    @Test
    void aReadVerbReachesTheStorageThatServesTheName() {
        HttpResponse<String> response = server.get(COLLECTION + "/db-app?resourceVersion=0");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("db-app", json(response).path("metadata").path("name").asText());
        assertEquals(List.of("get db-app"), server.readOnly.calls);
        assertEquals(List.of(), server.storage.calls);
    }

    @Test
    void createPicksTheStorageByTheNameInTheBody() {
        HttpResponse<String> refused = server.send("POST", COLLECTION, JSON_TYPE, object("db-app"));
        HttpResponse<String> created = server.send("POST", COLLECTION, JSON_TYPE, object("api-key"));

        assertEquals(405, refused.statusCode());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("api-key", json(created).path("metadata").path("name").asText());
        assertEquals("demo", server.storage.last("create").object().getMetadata().getNamespace());
    }

    @Test
    void aPostToOneObjectIs405() {
        assertStatus(server.send("POST", COLLECTION + "/api-key", JSON_TYPE, object("api-key")), 405,
                "MethodNotAllowed", "the server does not allow this method on the requested resource");
        assertEquals(List.of(), server.storage.calls);
    }

    @Test
    void theQueryOptionsOfACreateReachTheStorage() {
        HttpResponse<String> response = server.send("POST",
                COLLECTION + "?dryRun=All&fieldManager=kubectl-create&fieldValidation=Strict", JSON_TYPE,
                object("api-key"));

        assertEquals(201, response.statusCode(), response.body());
        assertEquals(new CreateOptions(true, "kubectl-create", FieldValidation.STRICT),
                server.storage.last("create").options(CreateOptions.class));
    }

    @Test
    void theResourceVersionOfAGetReachesTheStorage() {
        server.storage.put("demo", "api-key");

        assertEquals(200, server.get(COLLECTION + "/api-key?resourceVersion=0").statusCode());
        assertEquals(new GetOptions("0"), server.storage.last("get").options(GetOptions.class));
    }

    @Test
    void deleteOptionsComeFromTheBodysPreconditionsAndDryRun() {
        VirtualSecret live = server.storage.put("demo", "api-key");
        String uid = live.getMetadata().getUid();
        String version = live.getMetadata().getResourceVersion();
        String body = """
                {"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"uid":"%s","resourceVersion":"%s"},
                 "dryRun":["All"]}""".formatted(uid, version);

        HttpResponse<String> response = server.send("DELETE", COLLECTION + "/api-key", JSON_TYPE, body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Success", json(response).path("status").asText());
        assertEquals(uid, json(response).path("details").path("uid").asText());
        assertEquals(new DeleteOptions(uid, version, null, true),
                server.storage.last("delete").options(DeleteOptions.class));
    }

    @Test
    void aStaleResourceVersionPreconditionInTheBodyIsAConflict() {
        String current = server.storage.put("demo", "api-key").getMetadata().getResourceVersion();
        String body = "{\"preconditions\":{\"resourceVersion\":\"1\"}}";

        HttpResponse<String> response = server.send("DELETE", COLLECTION + "/api-key", JSON_TYPE, body);

        assertStatus(response, 409, "Conflict", "Operation cannot be fulfilled on VirtualSecret.virtualsecrets.dev"
                + " \"api-key\": the ResourceVersion in the precondition (1) does not match the ResourceVersion in"
                + " record (" + current + "). The object might have been modified");
        assertEquals(new DeleteOptions(null, "1", null, false),
                server.storage.last("delete").options(DeleteOptions.class));
    }

    @Test
    void deleteOptionsComeFromTheQueryWhenThereIsNoBody() {
        server.storage.put("demo", "api-key");

        HttpResponse<String> response = server.delete(COLLECTION + "/api-key?dryRun=All&propagationPolicy=Background");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(new DeleteOptions(null, null, "Background", true),
                server.storage.last("delete").options(DeleteOptions.class));
    }

    @Test
    void anInvalidNamespaceIs400() {
        HttpResponse<String> response = server.get("/apis/virtualsecrets.dev/v1alpha1/namespaces/Demo_1/virtualsecrets");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("BadRequest", json(response).path("reason").asText());
        assertTrue(json(response).path("message").asText().startsWith("invalid namespace \"Demo_1\": "),
                response.body());
        assertEquals(List.of(), server.storage.calls);
    }

    @Test
    void anInvalidNameOnGetIs404() {
        assertStatus(server.get(COLLECTION + "/Not_A_Name"), 404, "NotFound",
                "virtualsecrets.virtualsecrets.dev \"Not_A_Name\" not found");
        assertEquals(List.of(), server.storage.calls);
    }

    @Test
    void getOnTheClusterWidePathIs405() {
        assertStatus(server.get("/apis/virtualsecrets.dev/v1alpha1/virtualsecrets/api-key"), 405,
                "MethodNotAllowed", "the server does not allow this method on the requested resource");
        assertEquals(List.of(), server.storage.calls);
    }

    @Test
    void listOnTheClusterWidePathListsEveryNamespace() {
        server.storage.put("demo", "api-key");
        server.storage.put("other", "config");

        HttpResponse<String> response = server.get("/apis/virtualsecrets.dev/v1alpha1/virtualsecrets");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("VirtualSecretList", json(response).path("kind").asText());
        assertEquals(List.of("api-key", "config"),
                json(response).path("items").findValues("name").stream().map(JsonNode::asText).toList());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET   | /api-key?resourceVersion=abc   | invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax
            GET   | ?limit=abc                     | strconv.ParseInt: parsing "abc": invalid syntax
            GET   | ?watch=true&timeoutSeconds=abc | strconv.ParseInt: parsing "abc": invalid syntax
            """)
    void aQueryValueThatDoesNotParseIs400BeforeTheStorageIsCalled(String method, String pathAndQuery,
                                                                 String message) {
        server.storage.put("demo", "api-key");
        String path = COLLECTION + pathAndQuery;

        HttpResponse<String> response = switch (method) {
            case "GET" -> server.get(path);
            case "PATCH" -> server.send(method, path, "application/merge-patch+json", "{}");
            default -> server.send(method, path, JSON_TYPE, object("api-key"));
        };

        assertStatus(response, 400, "BadRequest", message);
        assertEquals(List.of(), server.storage.calls);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            PATCH | /api-key?force=maybe | PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch
            POST  | ?dryRun=Some         | CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: ["Some"]: supported values: "All"
            """)
    void aQueryValueThatIsNotAllowedIs422BeforeTheStorageIsCalled(String method, String pathAndQuery,
                                                                   String message) {
        server.storage.put("demo", "api-key");
        String path = COLLECTION + pathAndQuery;

        HttpResponse<String> response = method.equals("PATCH")
                ? server.send(method, path, "application/merge-patch+json", "{}")
                : server.send(method, path, JSON_TYPE, object("api-key"));

        assertStatus(response, 422, "Invalid", message);
        assertEquals(List.of(), server.storage.calls);
    }

    @Test
    void anUnknownResourceVersionMatchOnAListIs422InvalidListOptions() {
        HttpResponse<String> response = server.get(COLLECTION + "?resourceVersion=1&resourceVersionMatch=Bogus");

        assertStatus(response, 422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch:"
                + " Unsupported value: \"Bogus\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
        JsonNode details = json(response).path("details");
        assertEquals("ListOptions", details.path("kind").asText());
        assertEquals("meta.k8s.io", details.path("group").asText());
        assertEquals("FieldValueNotSupported", details.path("causes").path(0).path("reason").asText());
        assertEquals(List.of(), server.storage.calls);
    }

    @Test
    void aFieldManagerOver128CharactersIs422() {
        HttpResponse<String> response = server.send("POST", COLLECTION + "?fieldManager=" + "m".repeat(129),
                JSON_TYPE, object("api-key"));

        assertStatus(response, 422, "Invalid", "CreateOptions.meta.k8s.io \"\" is invalid: fieldManager:"
                + " Too long: may not be more than 128 bytes");
        assertEquals("CreateOptions", json(response).path("details").path("kind").asText());
        assertEquals(List.of(), server.storage.calls);
    }

    @Test
    void aTableAcceptHeaderAnswersGetAndListWithATable() {
        server.storage.put("demo", "api-key");
        server.storage.put("demo", "token");

        JsonNode one = json(server.get(COLLECTION + "/api-key", "Accept", TABLE));
        JsonNode list = json(server.get(COLLECTION, "Accept", TABLE));

        assertEquals("Table", one.path("kind").asText());
        assertEquals("meta.k8s.io/v1", one.path("apiVersion").asText());
        assertEquals("Name", one.path("columnDefinitions").path(0).path("name").asText());
        assertEquals(List.of("api-key"), names(one));
        assertEquals("Table", list.path("kind").asText());
        assertEquals(List.of("api-key", "token"), names(list));
        assertFalse(list.path("metadata").path("resourceVersion").asText().isEmpty());
        assertFalse(list.toString().contains("s3cr3t"), "a Table shows no values");
    }

    private static List<String> names(JsonNode table) {
        return table.path("rows").findValues("cells").stream().map(cells -> cells.path(0).asText()).toList();
    }
}
