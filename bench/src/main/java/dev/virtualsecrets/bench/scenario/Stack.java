package dev.virtualsecrets.bench.scenario;

import dev.virtualsecrets.bench.cluster.DevCluster;
import dev.virtualsecrets.bench.cluster.Http;
import dev.virtualsecrets.bench.cluster.ServerProbe;
import dev.virtualsecrets.bench.cluster.VaultKv;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/** The running stack as the scenarios use it: clients, request builders and fixtures. */
public record Stack(DevCluster cluster, HttpClient admin, HttpClient plain, VaultKv kv, ServerProbe probe) {

    static final String RESOURCE_PATH = "/apis/virtualsecrets.dev/v1alpha1";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** {@code path} on kube-apiserver (through the aggregator for VirtualSecrets) or straight on the server. */
    URI uri(boolean aggregated, String path) {
        return (aggregated ? cluster.kubeApiserver() : cluster.server()).resolve(path);
    }

    static String virtualSecrets(String namespace) {
        return namespace == null
                ? RESOURCE_PATH + "/virtualsecrets"
                : RESOURCE_PATH + "/namespaces/" + namespace + "/virtualsecrets";
    }

    HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build();
    }

    /** Creates a Kubernetes object with kube-apiserver; an existing one is fine. */
    void createKube(String collectionPath, String json) {
        Http.expectOk(admin, HttpRequest.newBuilder(cluster.kubeApiserver().resolve(collectionPath))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), 409);
    }

    void deleteKube(String path) {
        Http.expectOk(admin, HttpRequest.newBuilder(cluster.kubeApiserver().resolve(path))
                .timeout(REQUEST_TIMEOUT).DELETE().build(), 404);
    }
}
