package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kube-apiserver aggregates the API: the APIService is Available and discovery lists the resource. */
class AggregatedApiIT {

    private static DevCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = DevCluster.shared();
        kubectl = cluster.kubectl();
    }

    private static Kubectl.Result ok(Kubectl.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    @Test
    void theApiServiceIsAvailable() {
        String available = ok(kubectl.run("get", "apiservice", "v1alpha1.virtualsecrets.dev",
                "-o", "jsonpath={.status.conditions[?(@.type==\"Available\")].status}")).stdout();
        assertEquals("True", available);
    }

    @Test
    void discoveryThroughTheAggregator() {
        String raw = ok(kubectl.run("get", "--raw", "/apis/virtualsecrets.dev/v1alpha1")).stdout();
        assertTrue(raw.contains("\"name\":\"virtualsecrets\"") && raw.contains("\"vsec\""), raw);
        String resources = ok(kubectl.run("api-resources", "--api-group=virtualsecrets.dev")).stdout();
        assertTrue(resources.lines().anyMatch(l -> l.startsWith("virtualsecrets") && l.contains("vsec")
                && l.contains("VirtualSecret")), resources);
    }

    @Test
    void theSeededDemoSecretsAreListed() {
        String table = ok(kubectl.run("get", "vsec", "-n", "demo")).stdout();
        assertTrue(table.contains("app-credentials") && table.contains("api-key"), table);
    }

    @Test
    void theBaseManifestsPassServerSideDryRun() {
        ok(kubectl.run("apply", "--dry-run=server", "-k", cluster.root().resolve("manifests/base").toString()));
    }
}
