package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.meta.CreateOptions;
import dev.virtualsecrets.server.meta.FieldValidation;
import dev.virtualsecrets.server.meta.UpdateOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.COLLECTION;
import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PatchHandlerTest {

    private static final String MERGE = "application/merge-patch+json";
    private static final String APPLY = "application/apply-patch+yaml";

    private final ResourceServer server = new ResourceServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> patch(String query, String contentType, String body) {
        return server.send("PATCH", COLLECTION + "/api-key" + query, contentType, body);
    }

    @Test
    void aMergePatchUpdatesConditionallyOnTheLiveResourceVersion() {
        String version = server.storage.put("demo", "api-key").getMetadata().getResourceVersion();

        HttpResponse<String> response = patch("?fieldManager=kubectl-label", MERGE,
                "{\"metadata\":{\"labels\":{\"team\":\"payments\"}}}");

        assertEquals(200, response.statusCode(), response.body());
        VirtualSecret received = server.storage.last("update").object();
        assertEquals(version, received.getMetadata().getResourceVersion());
        assertEquals(Map.of("team", "payments"), received.getMetadata().getLabels());
        assertArrayEquals("s3cr3t".getBytes(StandardCharsets.UTF_8), received.getData().get("password"),
                "what the patch does not name stays");
        assertEquals(new UpdateOptions(false, "kubectl-label", FieldValidation.WARN),
                server.storage.last("update").options(UpdateOptions.class));
    }

    @Test
    void aResourceVersionInThePatchIsAPreconditionAsWithKubeApiserver() {
        server.storage.put("demo", "api-key");

        HttpResponse<String> response = patch("", MERGE, "{\"metadata\":{\"resourceVersion\":\"1\"}}");

        assertEquals(409, response.statusCode(), response.body());
        assertEquals("Conflict", json(response).path("reason").asText());
        assertEquals(0, server.storage.calls.stream().filter(call -> call.verb().equals("update")).count(),
                "a version other than the live one never reaches the storage");
    }

    @Test
    void aJsonPatchThatTestsTheLiveResourceVersionIsApplied() {
        String version = server.storage.put("demo", "api-key").getMetadata().getResourceVersion();

        HttpResponse<String> response = patch("", "application/json-patch+json",
                "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + version + "\"},"
                        + "{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"team\":\"payments\"}}]");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(version, server.storage.last("update").object().getMetadata().getResourceVersion());
    }

    @Test
    void aJsonPatchThatTestsTheResourceVersionItReadFailsItsTestAfterAConcurrentWrite() {
        String read = server.storage.put("demo", "api-key").getMetadata().getResourceVersion();
        server.storage.writersBeforeUpdate.add(() -> server.storage.bump("demo", "api-key", "writer", "first"));

        HttpResponse<String> response = patch("", "application/json-patch+json",
                "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + read + "\"},"
                        + "{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"team\":\"payments\"}}]");

        assertEquals(422, response.statusCode(), response.body());
        assertEquals(1, server.storage.calls.stream().filter(call -> call.verb().equals("update")).count(),
                "applied again to the new live object, where its test fails");
    }

    @Test
    void aPatchWithoutAResourceVersionIsAppliedAgainWhenAConcurrentWriteWon() {
        server.storage.put("demo", "api-key");
        server.storage.writersBeforeUpdate.add(() -> server.storage.bump("demo", "api-key", "writer", "first"));

        HttpResponse<String> response = patch("", MERGE, "{\"metadata\":{\"labels\":{\"team\":\"payments\"}}}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Map.of("writer", "first", "team", "payments"), json(response).path("metadata").path("labels")
                .properties().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().asText())), "nothing the concurrent writer did is lost");
        assertEquals(2, server.storage.calls.stream().filter(call -> call.verb().equals("update")).count());
    }

    @Test
    void aPatchWithTheResourceVersionItReadIsNeverAppliedOverAConcurrentWrite() {
        String read = server.storage.put("demo", "api-key").getMetadata().getResourceVersion();
        server.storage.writersBeforeUpdate.add(() -> server.storage.bump("demo", "api-key", "writer", "first"));

        HttpResponse<String> response = patch("", MERGE,
                "{\"metadata\":{\"resourceVersion\":\"" + read + "\",\"labels\":{\"team\":\"payments\"}}}");

        assertEquals(409, response.statusCode(), response.body());
        assertEquals(1, server.storage.calls.stream().filter(call -> call.verb().equals("update")).count(),
                "the client's optimistic lock is not retried by the server");
    }

    @Test
    void aPatchThatChangesTheTypeIs422BecauseTheTypeIsImmutable() {
        server.storage.put("demo", "api-key");

        HttpResponse<String> response = patch("", "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/type\",\"value\":\"example.com/other\"}]");

        assertEquals(422, response.statusCode(), response.body());
        assertEquals("type", json(response).path("details").path("causes").path(0).path("field").asText());
        assertEquals(List.of("get"), server.storage.calls.stream().map(InMemoryStorage.Call::verb).toList());
    }

    @Test
    void aMergePatchOfAMissingObjectIs404() {
        HttpResponse<String> response = patch("", MERGE, "{\"metadata\":{\"labels\":{\"team\":\"payments\"}}}");

        assertEquals(404, response.statusCode(), response.body());
        assertEquals("virtualsecrets.virtualsecrets.dev \"api-key\" not found", json(response).path("message").asText());
    }

    @Test
    void serverSideApplyOfAMissingObjectCreatesIt() {
        HttpResponse<String> response = patch("?fieldManager=alice-tool", APPLY, """
                apiVersion: virtualsecrets.dev/v1alpha1
                kind: VirtualSecret
                metadata:
                  name: api-key
                stringData:
                  password: s3cr3t
                """);

        assertEquals(201, response.statusCode(), response.body());
        VirtualSecret received = server.storage.last("create").object();
        assertEquals("api-key", received.getMetadata().getName());
        assertEquals("demo", received.getMetadata().getNamespace());
        assertNull(received.getMetadata().getResourceVersion());
        assertArrayEquals("s3cr3t".getBytes(StandardCharsets.UTF_8), received.getData().get("password"));
        assertEquals(new CreateOptions(false, "alice-tool", FieldValidation.WARN),
                server.storage.last("create").options(CreateOptions.class));
    }

    @Test
    void serverSideApplyOfAnExistingObjectUpdatesItConditionallyOnTheLiveResourceVersion() {
        String version = server.storage.put("demo", "api-key").getMetadata().getResourceVersion();

        HttpResponse<String> response = patch("?fieldManager=alice-tool&force=true", APPLY, """
                apiVersion: virtualsecrets.dev/v1alpha1
                kind: VirtualSecret
                metadata:
                  name: api-key
                  labels:
                    team: payments
                """);

        assertEquals(200, response.statusCode(), response.body());
        VirtualSecret received = server.storage.last("update").object();
        assertEquals(version, received.getMetadata().getResourceVersion());
        assertEquals(Map.of("team", "payments"), received.getMetadata().getLabels());
    }

    @Test
    void serverSideApplyWithoutAFieldManagerIs422InvalidPatchOptionsBeforeAnyRead() {
        HttpResponse<String> response = patch("", APPLY, "apiVersion: virtualsecrets.dev/v1alpha1\nkind: VirtualSecret\n");

        assertEquals(422, response.statusCode(), response.body());
        assertEquals("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply"
                + " patch", json(response).path("message").asText());
        assertEquals(List.of(), server.storage.calls);
    }

    @Test
    void aStrategicMergePatchIs415() {
        server.storage.put("demo", "api-key");

        HttpResponse<String> response = patch("", "application/strategic-merge-patch+json", "{}");

        assertEquals(415, response.statusCode(), response.body());
        assertEquals("UnsupportedMediaType", json(response).path("reason").asText());
    }
}
