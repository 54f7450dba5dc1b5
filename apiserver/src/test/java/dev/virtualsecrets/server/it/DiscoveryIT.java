package dev.virtualsecrets.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.VirtualSecretsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static dev.virtualsecrets.server.testsupport.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client finds the API: discovery, aggregated discovery, OpenAPI, health and metrics. */
class DiscoveryIT {

    private static ApiClient admin;
    private static ApiClient anonymous;

    @BeforeAll
    static void start() {
        VirtualSecretsServer server = VirtualSecretsServer.shared();
        admin = new ApiClient(server.adminHttpClient(), server.baseUri());
        anonymous = new ApiClient(server.httpClient(null), server.baseUri());
    }

    @Test
    void groupVersionListsTheResourceWithVerbsAndShortName() {
        HttpResponse<String> response = admin.get(ApiClient.VSEC);
        assertEquals(200, response.statusCode());
        JsonNode list = json(response);
        assertEquals("APIResourceList", list.path("kind").asText());
        assertEquals("virtualsecrets.dev/v1alpha1", list.path("groupVersion").asText());
        JsonNode resource = list.path("resources").get(0);
        assertEquals("virtualsecrets", resource.path("name").asText());
        assertEquals("virtualsecret", resource.path("singularName").asText());
        assertEquals("VirtualSecret", resource.path("kind").asText());
        assertTrue(resource.path("namespaced").asBoolean());
        assertEquals("vsec", resource.path("shortNames").get(0).asText());
        assertTrue(resource.path("verbs").toString().contains("watch"));
    }

    @Test
    void apisServesLegacyAndAggregatedDiscovery() {
        JsonNode legacy = json(admin.get("/apis"));
        assertEquals("APIGroupList", legacy.path("kind").asText());
        assertEquals("virtualsecrets.dev", legacy.path("groups").get(0).path("name").asText());

        String v2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
        HttpResponse<String> aggregated = admin.get("/apis", "Accept", v2 + ",application/json");
        assertEquals(200, aggregated.statusCode());
        assertTrue(aggregated.headers().firstValue("Content-Type").orElse("").contains("as=APIGroupDiscoveryList"));
        JsonNode body = json(aggregated);
        assertEquals("APIGroupDiscoveryList", body.path("kind").asText());
        assertEquals("virtualsecrets", body.path("items").get(0).path("versions").get(0)
                .path("resources").get(0).path("resource").asText());
    }

    @Test
    void openApiDescribesTheKind() {
        JsonNode v2 = json(admin.get("/openapi/v2"));
        JsonNode definition = v2.path("definitions").path("dev.virtualsecrets.v1alpha1.VirtualSecret");
        assertEquals("VirtualSecret", definition.path("x-kubernetes-group-version-kind").get(0).path("kind").asText());

        JsonNode index = json(admin.get("/openapi/v3"));
        String url = index.path("paths").path("apis/virtualsecrets.dev/v1alpha1").path("serverRelativeURL").asText();
        assertTrue(url.startsWith("/openapi/v3/apis/virtualsecrets.dev/v1alpha1"), url);
        JsonNode v3 = json(admin.get(url));
        assertTrue(v3.path("components").path("schemas").has("dev.virtualsecrets.v1alpha1.VirtualSecret"));
    }

    @Test
    void healthProbesNeedNoCredentialsButTheApiDoes() {
        assertEquals(200, anonymous.get("/healthz").statusCode());
        assertEquals(200, anonymous.get("/livez").statusCode());
        HttpResponse<String> ready = anonymous.get("/readyz");
        assertEquals(200, ready.statusCode());
        assertEquals("ok", ready.body());
        HttpResponse<String> verbose = anonymous.get("/readyz?verbose");
        assertEquals("[+]ping ok\n[+]shutdown ok\nreadyz check passed", verbose.body());
        HttpResponse<String> vault = anonymous.get("/vaultz?verbose");
        assertEquals(200, vault.statusCode(), vault.body());
        assertEquals("[+]vault ok\n[+]vault-token ok\nvaultz check passed", vault.body());
        HttpResponse<String> api = anonymous.get(ApiClient.VSEC);
        assertEquals(401, api.statusCode());
        assertEquals("Unauthorized", json(api).path("reason").asText());
    }

    @Test
    void metricsAreInPrometheusFormat() {
        HttpResponse<String> metrics = admin.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("virtualsecrets_requests_seconds_count"), metrics.body());
        assertTrue(metrics.body().contains("virtualsecrets_vault_available 1.0"), metrics.body());
        assertTrue(metrics.body().contains("virtualsecrets_vault_server_token_accepted 1.0"), metrics.body());
        assertTrue(metrics.body().contains("virtualsecrets_watches_active"));
    }

    @Test
    void unknownPathsAreNotFoundStatuses() {
        HttpResponse<String> response = admin.get("/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/secrets");
        assertEquals(404, response.statusCode());
        assertEquals("Status", json(response).path("kind").asText());
        assertEquals("NotFound", json(response).path("reason").asText());
    }
}
