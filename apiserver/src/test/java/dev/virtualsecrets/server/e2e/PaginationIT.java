package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paged lists through kube-apiserver: kubectl's {@code --chunk-size} walks the pages and shows
 * what an unpaged list shows; a malformed continue token is 400, as for a ConfigMap.
 */
class PaginationIT {

    @Test
    void kubectlChunkSizeWalksEveryPage() {
        Kubectl kubectl = DevCluster.shared().kubectl();
        Kubectl.Result whole = ok(kubectl.run("get", "vsec", "-A", "-o", "name"));
        Kubectl.Result chunked = ok(kubectl.run("get", "vsec", "-A", "-o", "name", "--chunk-size=1"));

        List<String> names = Arrays.asList(whole.stdout().trim().split("\n"));
        assertTrue(names.size() >= 2, "the demo data has several secrets: " + names);
        assertEquals(names, Arrays.asList(chunked.stdout().trim().split("\n")));
    }

    @Test
    void aLimitGivesAContinueTokenAndAMalformedOneIs400() {
        DevCluster cluster = DevCluster.shared();
        ApiClient admin = new ApiClient(cluster.kubeHttpClient("admin"), cluster.apiServer());
        String collection = "/apis/virtualsecrets.dev/v1alpha1/virtualsecrets";

        JsonNode first = ApiClient.json(admin.get(collection + "?limit=1"));
        assertEquals(1, first.path("items").size());
        assertFalse(first.path("metadata").path("continue").asText().isEmpty(), first.path("metadata").toString());
        JsonNode next = ApiClient.json(admin.get(collection + "?limit=1&continue="
                + first.path("metadata").path("continue").asText()));
        assertEquals(1, next.path("items").size());
        assertFalse(next.path("items").get(0).path("metadata").path("name").asText()
                .equals(first.path("items").get(0).path("metadata").path("name").asText())
                && next.path("items").get(0).path("metadata").path("namespace").asText()
                .equals(first.path("items").get(0).path("metadata").path("namespace").asText()), "the next page moves on");

        for (String path : List.of(collection, "/api/v1/configmaps")) {
            HttpResponse<String> garbage = admin.get(path + "?limit=1&continue=garbage");
            assertEquals(400, garbage.statusCode(), path + ": " + garbage.body());
            assertEquals("BadRequest", ApiClient.json(garbage).path("reason").asText());
            assertTrue(ApiClient.json(garbage).path("message").asText()
                    .startsWith("invalid continue token: continue key is not valid: "), garbage.body());
        }
    }

    private static Kubectl.Result ok(Kubectl.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }
}
