package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.RawHttps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-input corpus ({@link HostileRequests}) sent as raw bytes through kube-apiserver's
 * aggregator and straight to the server, both as cluster-admin: every request gets a 4xx answer
 * (a Status when this server answers), none a 5xx, none hangs, and nothing is written: the target's
 * resourceVersion and KV version do not move and no other object appears.
 */
class HostileInputIT {

    private static final String NAMESPACE = "hostile";
    private static final String TARGET = "target";
    private static final Duration HANG = Duration.ofSeconds(20);

    private static DevCluster cluster;
    private static ApiClient admin;

    @BeforeAll
    static void aNamespaceWithOneSecret() {
        cluster = DevCluster.shared();
        admin = new ApiClient(cluster.kubeHttpClient("admin"), cluster.apiServer());
        cluster.kubectl().run("create", "namespace", NAMESPACE);
        HttpResponse<String> created = admin.post(ApiClient.collection(NAMESPACE),
                "{\"metadata\":{\"name\":\"" + TARGET + "\",\"labels\":{\"app\":\"web\"}},\"stringData\":{\"password\":\"kept\"}}");
        assertEquals(201, created.statusCode(), created.body());
    }

    @AfterAll
    static void removeIt() {
        admin.delete(ApiClient.item(NAMESPACE, TARGET));
        cluster.kubectl().run("delete", "namespace", NAMESPACE, "--wait=false");
    }

    @Test
    void everyHostileRequestGetsA4xxPromptlyAndWritesNothing() throws Exception {
        JsonNode before = ApiClient.json(admin.get(ApiClient.item(NAMESPACE, TARGET)));
        long kvBefore = kvVersion();
        Map<String, RawHttps> routes = new TreeMap<>(Map.of(
                "through kube-apiserver", new RawHttps(cluster.kubeSslContext("admin"), cluster.apiServer())));
        if (!cluster.nodeMode()) { // the pods are reached through kube-apiserver only
            routes.put("straight to the server", new RawHttps(cluster.serverSslContext(cluster.pki("admin.crt"),
                    cluster.pki("admin.key")), cluster.server()));
        }

        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> codes = new TreeMap<>();
        int sent = 0;
        for (Map.Entry<String, RawHttps> route : routes.entrySet()) {
            RawHttps client = route.getValue();
            boolean direct = route.getKey().startsWith("straight");
            for (HostileRequests.Hostile request : HostileRequests.against(client.host(), NAMESPACE, TARGET, direct)) {
                RawHttps.Answer answer = client.send(request.bytes(), HANG);
                sent++;
                codes.merge(answer.code(), 1, Integer::sum);
                if (answer.timedOut() || answer.code() < 400 || answer.code() >= 500
                        || (direct && !answer.body().contains("\"kind\":\"Status\""))) {
                    failures.add(route.getKey() + " | " + request + " -> " + (answer.timedOut() ? "hung " : "")
                            + answer.code() + " " + ApiClient.describe(answer.body()));
                }
            }
        }
        System.out.println("hostile requests: " + sent + " sent, answers by code " + codes);

        assertTrue(sent >= 400 * routes.size(), "the corpus holds at least 400 requests per route: " + sent
                + " over " + routes.size());
        assertTrue(failures.isEmpty(), failures.size() + " of " + sent + " answered wrongly:\n"
                + String.join("\n", failures));
        JsonNode after = ApiClient.json(admin.get(ApiClient.item(NAMESPACE, TARGET)));
        assertEquals(before.at("/metadata/resourceVersion"), after.at("/metadata/resourceVersion"), "nothing written");
        assertEquals(before.path("data"), after.path("data"));
        assertEquals(before.at("/metadata/labels"), after.at("/metadata/labels"));
        assertEquals(kvBefore, kvVersion(), "no KV version added");
        JsonNode items = ApiClient.json(admin.get(ApiClient.collection(NAMESPACE))).path("items");
        assertEquals(1, items.size(), "no other object was created: " + items);
    }

    private static long kvVersion() throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(cluster.bao("kv", "metadata", "get",
                "-format=json", "-mount=secret", "kubernetes/" + NAMESPACE + "/" + TARGET))
                .path("data").path("current_version").asLong();
    }
}
