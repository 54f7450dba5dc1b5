package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.meta.ContinueToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.COLLECTION;
import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** limit and continue as kube-apiserver answers them for a ConfigMap list (messages compared on the local stack). */
class ListPagingTest {

    private final ResourceServer server = new ResourceServer();

    @BeforeEach
    void fiveSecrets() {
        for (String name : List.of("e", "a", "d", "b", "c")) {
            server.storage.put("demo", name);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode list(String query) {
        HttpResponse<String> response = server.get(COLLECTION + "?" + query);
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.path("items").forEach(item -> names.add(item.path("metadata").path("name").asText()));
        return names;
    }

    @Test
    void aLimitedListWalksEveryObjectOnceInKeyOrderWithTheFirstPagesResourceVersion() {
        JsonNode first = list("limit=2");
        assertEquals(List.of("a", "b"), names(first));
        assertEquals(3, first.path("metadata").path("remainingItemCount").asLong());
        String version = first.path("metadata").path("resourceVersion").asText();

        JsonNode second = list("limit=2&continue=" + first.path("metadata").path("continue").asText());
        assertEquals(List.of("c", "d"), names(second));
        assertEquals(version, second.path("metadata").path("resourceVersion").asText());

        JsonNode last = list("limit=2&continue=" + second.path("metadata").path("continue").asText());
        assertEquals(List.of("e"), names(last));
        assertFalse(last.path("metadata").has("continue"), "the last page has no continue");
        assertFalse(last.path("metadata").has("remainingItemCount"));
    }

    @Test
    void noLimitOrALimitOfZeroListsEverything() {
        assertEquals(List.of("a", "b", "c", "d", "e"), names(list("limit=0")));
        assertFalse(list("limit=5").path("metadata").has("continue"));
    }

    @Test
    void aMalformedTokenIs400() {
        HttpResponse<String> response = server.get(COLLECTION + "?limit=1&continue=garbage");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("BadRequest", json(response).path("reason").asText());
        assertEquals("invalid continue token: continue key is not valid: not a JSON object",
                json(response).path("message").asText());
    }

    @Test
    void aTokenOlderThanFiveMinutesIs410Expired() {
        long sixMinutesAgo = server.versions.current() - 6 * 60 * 1_000_000L;
        String token = ContinueToken.after(sixMinutesAgo, "demo/a").encode();

        HttpResponse<String> response = server.get(COLLECTION + "?limit=1&continue=" + token);

        assertEquals(410, response.statusCode(), response.body());
        assertEquals("Expired", json(response).path("reason").asText());
    }

    @Test
    void aResourceVersionWithAContinueIs400() {
        String token = list("limit=1").path("metadata").path("continue").asText();

        HttpResponse<String> response = server.get(COLLECTION + "?limit=1&resourceVersion=5&continue="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("specifying resource version is not allowed when using continue",
                json(response).path("message").asText());
    }
}
