package dev.virtualsecrets.bench.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * Straight KV v2 access to OpenBao at {@code secret/data/kubernetes/<namespace>/<name>}, the
 * path the dev-cluster's catch-all source maps VirtualSecrets to. Seeding this way is much
 * faster than creating objects through the API.
 */
public final class VaultKv {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final URI vault;
    private final String token;

    public VaultKv(HttpClient client, URI vault, String token) {
        this.client = client;
        this.vault = vault;
        this.token = token;
    }

    public void put(String namespace, String name, Map<String, String> data) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("data", data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode KV data", e);
        }
        Http.expectOk(client, request("data", namespace, name)
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build());
    }

    /** Deletes all versions and the metadata; a missing entry is fine. */
    public void delete(String namespace, String name) {
        Http.expectOk(client, request("metadata", namespace, name).DELETE().build(), 404);
    }

    /** The read {@code get.vault} measures. */
    public HttpRequest read(String namespace, String name) {
        return request("data", namespace, name).GET().build();
    }

    private HttpRequest.Builder request(String kind, String namespace, String name) {
        return HttpRequest.newBuilder(vault.resolve("/v1/secret/" + kind + "/kubernetes/" + namespace + "/" + name))
                .header("X-Vault-Token", token);
    }
}
