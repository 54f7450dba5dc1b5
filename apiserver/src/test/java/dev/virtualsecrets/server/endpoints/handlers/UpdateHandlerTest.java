package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.meta.FieldValidation;
import dev.virtualsecrets.server.meta.UpdateOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.COLLECTION;
import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class UpdateHandlerTest {

    private final ResourceServer server = new ResourceServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> put(String query, String body) {
        return server.send("PUT", COLLECTION + "/api-key" + query, "application/json", body);
    }

    @Test
    void theBodyReplacesTheObjectWithItsResourceVersionPassedOnAsPrecondition() {
        String version = server.storage.put("demo", "api-key").getMetadata().getResourceVersion();

        HttpResponse<String> response = put("?fieldManager=kubectl-edit", """
                {"apiVersion":"virtualsecrets.dev/v1alpha1","kind":"VirtualSecret",
                 "metadata":{"name":"api-key","resourceVersion":"%s","labels":{"team":"payments"}},
                 "stringData":{"password":"n3w"}}""".formatted(version));

        assertEquals(200, response.statusCode(), response.body());
        VirtualSecret received = server.storage.last("update").object();
        assertEquals(version, received.getMetadata().getResourceVersion());
        assertEquals("demo", received.getMetadata().getNamespace());
        assertArrayEquals("n3w".getBytes(StandardCharsets.UTF_8), received.getData().get("password"));
        assertEquals(new UpdateOptions(false, "kubectl-edit", FieldValidation.WARN),
                server.storage.last("update").options(UpdateOptions.class));
        assertEquals("payments", json(response).path("metadata").path("labels").path("team").asText());
    }

    @Test
    void changingTheTypeIs422BecauseTheTypeIsImmutable() {
        server.storage.put("demo", "api-key");

        HttpResponse<String> response = put("", """
                {"apiVersion":"virtualsecrets.dev/v1alpha1","kind":"VirtualSecret","metadata":{"name":"api-key"},
                 "type":"kubernetes.io/tls","stringData":{"tls.crt":"c","tls.key":"k"}}""");

        assertEquals(422, response.statusCode(), response.body());
        JsonNode status = json(response);
        assertEquals("Invalid", status.path("reason").asText());
        assertEquals("VirtualSecret.virtualsecrets.dev \"api-key\" is invalid: type: Invalid value:"
                + " \"kubernetes.io/tls\": field is immutable", status.path("message").asText());
        assertEquals("type", status.path("details").path("causes").path(0).path("field").asText());
        assertEquals(List.of("get"), server.storage.calls.stream().map(InMemoryStorage.Call::verb).toList(),
                "validated against the live object, never written");
    }

    @Test
    void aNameInTheBodyOtherThanTheUrlsIs400() {
        server.storage.put("demo", "api-key");

        HttpResponse<String> response = put("", """
                {"apiVersion":"virtualsecrets.dev/v1alpha1","kind":"VirtualSecret","metadata":{"name":"token"}}""");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("the name of the object (token) does not match the name on the URL (api-key)",
                json(response).path("message").asText());
        assertEquals(List.of(), server.storage.calls);
    }

    @Test
    void anUpdateOfAMissingObjectIs404() {
        HttpResponse<String> response = put("", """
                {"apiVersion":"virtualsecrets.dev/v1alpha1","kind":"VirtualSecret","metadata":{"name":"api-key"}}""");

        assertEquals(404, response.statusCode(), response.body());
        assertEquals("NotFound", json(response).path("reason").asText());
    }
}
