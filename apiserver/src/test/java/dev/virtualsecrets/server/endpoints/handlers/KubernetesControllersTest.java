package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.registry.KubernetesControllers;
import dev.virtualsecrets.server.user.CallerIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import static dev.virtualsecrets.server.endpoints.handlers.MetadataOnlyResponsesTest.METADATA_CLIENT_LIST;
import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.CALLER;
import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.COLLECTION;
import static dev.virtualsecrets.server.endpoints.handlers.ResourceServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kubernetes' own controllers through the dispatcher: their metadata-only reads are the server's,
 * anything else stays theirs, and a terminating namespace is emptied without Vault under {@code retain}
 * and by the server under {@code delete}. The test server's caller plays the controller.
 */
class KubernetesControllersTest {

    private ResourceServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private static KubernetesControllers controllers(boolean retain, String terminating) {
        return new KubernetesControllers(Set.of(CALLER.user()), retain, terminating::equals);
    }

    @Test
    void aControllersMetadataOnlyListIsReadAsTheServerAndItsFullListAsItself() {
        server = new ResourceServer(controllers(true, "gone"));
        server.storage.put("demo", "api-key");

        HttpResponse<String> metadata = server.get(COLLECTION, "Accept", METADATA_CLIENT_LIST);
        HttpResponse<String> full = server.get(COLLECTION);

        assertEquals(200, metadata.statusCode(), metadata.body());
        assertEquals("PartialObjectMetadataList", json(metadata).path("kind").asText());
        assertEquals(200, full.statusCode(), full.body());
        assertSame(CallerIdentity.SERVER, server.storage.callers.get(0), "the metadata list is the server's");
        assertSame(CALLER, server.storage.callers.get(1), "values are only ever read as the caller");
    }

    @Test
    void aCallerThatIsNoControllerReadsMetadataAsItself() {
        server = new ResourceServer(new KubernetesControllers(Set.of("system:kube-controller-manager"), true,
                namespace -> false));
        server.storage.put("demo", "api-key");

        assertEquals(200, server.get(COLLECTION, "Accept", METADATA_CLIENT_LIST).statusCode());
        assertEquals(List.of(CALLER), server.storage.callers);
    }

    @Test
    void underRetainATerminatingNamespaceListsAsEmptyAndItsControllerDeletesNeverReachTheStorage() {
        server = new ResourceServer(controllers(true, "demo"));
        server.storage.put("demo", "api-key");

        HttpResponse<String> list = server.get(COLLECTION, "Accept", METADATA_CLIENT_LIST);
        HttpResponse<String> delete = server.delete(COLLECTION + "/api-key");

        assertEquals(200, list.statusCode(), list.body());
        assertEquals(0, json(list).path("items").size(), list.body());
        assertEquals(200, delete.statusCode(), delete.body());
        assertEquals("Success", json(delete).path("status").asText());
        assertTrue(server.storage.calls.isEmpty(), "nothing reached Vault: " + server.storage.calls);
        assertEquals(200, server.get(COLLECTION + "/api-key").statusCode(), "the secret is still there");
    }

    @Test
    void underDeleteATerminatingNamespacesControllerDeletesAreTheServers() {
        server = new ResourceServer(controllers(false, "demo"));
        server.storage.put("demo", "api-key");

        HttpResponse<String> list = server.get(COLLECTION, "Accept", METADATA_CLIENT_LIST);
        HttpResponse<String> delete = server.delete(COLLECTION + "/api-key");

        assertEquals(1, json(list).path("items").size(), list.body());
        assertEquals(200, delete.statusCode(), delete.body());
        assertEquals(List.of(CallerIdentity.SERVER, CallerIdentity.SERVER), server.storage.callers);
        assertEquals(404, server.get(COLLECTION + "/api-key").statusCode());
    }

    @Test
    void aNamespaceThatIsNotTerminatingIsServedAsUsual() {
        server = new ResourceServer(controllers(true, "other"));
        server.storage.put("demo", "api-key");

        assertEquals(200, server.delete(COLLECTION + "/api-key").statusCode());
        assertEquals(List.of(CALLER), server.storage.callers, "a controller's delete elsewhere is its own");
    }
}
