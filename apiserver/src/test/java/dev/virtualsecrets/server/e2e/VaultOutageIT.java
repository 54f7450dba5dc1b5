package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenBao stopped with SIGSTOP for 60 s (it neither answers nor refuses: the worst case for
 * timeouts). The server stays ready, so the APIService stays Available and discovery, {@code kubectl
 * api-resources} and namespace deletion (namespaceDeletion: retain) keep working; GETs are 503 with
 * Retry-After within 2 s; {@code /vaultz} and the metric report Vault; after SIGCONT reads work again.
 */
class VaultOutageIT {

    private static final String ITEM = ApiClient.item("demo", "app-credentials");
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    /** sys/health is asked every 0.5 s with a 1 s timeout: the server knows within 1.5 s. */
    private static final Duration NOTICED = Duration.ofSeconds(2);

    @Test
    void aStoppedVaultLeavesTheApiServiceAvailableAndReadsAre503Quickly() throws Exception {
        DevCluster cluster = DevCluster.shared();
        Kubectl kubectl = cluster.kubectl();
        ApiClient admin = new ApiClient(cluster.kubeHttpClient("admin"), cluster.apiServer());
        // Straight to the server process; with the pods (node mode) their readiness is checked instead.
        ApiClient direct = new ApiClient(cluster.serverHttpClient(cluster.pki("admin.crt"), cluster.pki("admin.key")),
                cluster.server());
        assertEquals(200, admin.get(ITEM).statusCode());
        String namespace = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        ok(kubectl.run("create", "namespace", namespace));
        ok(kubectl.runWithInput("""
                apiVersion: virtualsecrets.dev/v1alpha1
                kind: VirtualSecret
                metadata: {name: during-outage}
                stringData: {note: deleted-with-its-namespace}
                """, "-n", namespace, "create", "-f", "-"));
        String openbao = Files.readString(cluster.state().resolve("openbao.pid")).trim();

        signal("STOP", openbao);
        try {
            Thread.sleep(NOTICED.toMillis());
            long end = System.nanoTime() + OUTAGE.toNanos();
            ok(kubectl.run("delete", "namespace", namespace, "--timeout=50s"));
            int rounds = 0;
            while (System.nanoTime() < end) {
                long started = System.nanoTime();
                HttpResponse<String> read = admin.get(ITEM);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertEquals(503, read.statusCode(), ApiClient.describe(read.body()));
                assertEquals("ServiceUnavailable", ApiClient.json(read).path("reason").asText());
                assertTrue(read.headers().firstValue("Retry-After").isPresent(), "Retry-After");
                assertTrue(millis < 2_000, "503 within 2 s, took " + millis + " ms");

                Kubectl.Result resources = ok(kubectl.run("api-resources", "--api-group=virtualsecrets.dev"));
                assertTrue(resources.stdout().contains("virtualsecrets"), resources.stdout());
                assertEquals("True", ok(kubectl.run("get", "apiservice", "v1alpha1.virtualsecrets.dev", "-o",
                        "jsonpath={.status.conditions[?(@.type==\"Available\")].status}")).stdout().trim());
                if (cluster.nodeMode()) {
                    // The pods' readiness probes ask /readyz: every replica stays in the Service.
                    Kubectl.Result deployment = ok(kubectl.run("get", "deployment", "-n", "virtualsecrets",
                            "virtualsecrets", "-o", "jsonpath={.status.readyReplicas}/{.spec.replicas}"));
                    String[] ready = deployment.stdout().trim().split("/");
                    assertEquals(ready[1], ready[0], "every replica stays ready: " + deployment.stdout());
                } else {
                    assertEquals(200, direct.get("/readyz").statusCode(), "ready: Vault is not part of readiness");
                    HttpResponse<String> vault = direct.get("/vaultz");
                    assertEquals(503, vault.statusCode());
                    assertTrue(vault.body().contains("[-]vault failed"), vault.body());
                    assertTrue(direct.get("/metrics").body().contains("virtualsecrets_vault_available 0.0"));
                }
                rounds++;
                Thread.sleep(5_000);
            }
            assertTrue(rounds >= 5, "checked " + rounds + " times during the outage");
            assertTrue(kubectl.run("get", "namespace", namespace).stderr().contains("NotFound"),
                    "the namespace was deleted while Vault was stopped");
        } finally {
            signal("CONT", openbao);
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> after = admin.get(ITEM);
        while (after.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            after = admin.get(ITEM);
        }
        assertEquals(200, after.statusCode(), ApiClient.describe(after.body()));
        if (!cluster.nodeMode()) {
            assertEquals(200, direct.get("/vaultz").statusCode());
        }
        cluster.bao("kv", "metadata", "delete", "-mount=secret", "kubernetes/" + namespace + "/during-outage");
    }

    private static void signal(String signal, String pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }

    private static Kubectl.Result ok(Kubectl.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }
}
