package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deleting a namespace with the stack's real kube-controller-manager (each controller under its own
 * ServiceAccount, as kubeadm runs it), under the default {@code namespaceDeletion: retain}: the
 * namespace is gone in seconds, its secret stays in Vault untouched (no delete, no destroy, nothing
 * read by the namespace controller), and a namespace created again with the same name shows it.
 * The controller-manager's metadata informers (garbage collector, quota) read as the server.
 */
class NamespaceDeletionIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void deletingANamespaceLeavesItsSecretsInVaultAndTheyReturnWithTheNamespace() throws Exception {
        DevCluster cluster = DevCluster.shared();
        Kubectl kubectl = cluster.kubectl();
        String namespace = "nsdel-" + UUID.randomUUID().toString().substring(0, 8);
        String marker = "retained-" + UUID.randomUUID();
        ok(kubectl.run("create", "namespace", namespace));
        ok(kubectl.runWithInput("""
                apiVersion: virtualsecrets.dev/v1alpha1
                kind: VirtualSecret
                metadata: {name: keep-me}
                stringData: {password: %s}
                """.formatted(marker), "-n", namespace, "create", "-f", "-"));
        String kvPath = "kubernetes/" + namespace + "/keep-me";
        long versionBefore = kvVersion(cluster, kvPath);
        Path vaultAudit = cluster.state().resolve("vault-audit.log");
        long vaultLinesBefore = lines(vaultAudit).size();

        long started = System.nanoTime();
        ok(kubectl.run("delete", "namespace", namespace, "--timeout=60s"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("namespace deletion with a VirtualSecret (retain): " + millis + " ms");

        assertTrue(kubectl.run("get", "namespace", namespace).stderr().contains("NotFound"), "the namespace is gone");
        assertEquals(versionBefore, kvVersion(cluster, kvPath), "no new version, nothing deleted in Vault");
        JsonNode data = JSON.readTree(cluster.bao("kv", "get", "-format=json", "-mount=secret", kvPath))
                .path("data").path("data");
        assertEquals(marker, data.path("password").asText(), "the value is still in Vault");
        List<String> vaultDuring = since(lines(vaultAudit), vaultLinesBefore);
        for (String line : vaultDuring) {
            JsonNode entry = JSON.readTree(line);
            JsonNode request = entry.path("request");
            boolean thisTest = entry.path("auth").path("policies").toString().contains("\"root\"");
            if (!thisTest && request.path("path").asText().contains(namespace)) {
                assertTrue(!"delete".equals(request.path("operation").asText())
                        && !request.path("path").asText().startsWith("secret/data/"),
                        "the namespace's deletion neither deleted nor read a value in Vault: " + request.path("path")
                                + " " + request.path("operation"));
            }
        }
        // The namespace's name is new: every audit line naming it is from this test.
        List<String> controllerRequests = cluster.serverAuditLines().stream().filter(line -> line.contains("system:serviceaccount:kube-system:namespace-controller"))
                .filter(line -> line.contains("/namespaces/" + namespace + "/")).toList();
        assertTrue(controllerRequests.stream().anyMatch(line -> line.contains("\"verb\":\"list\"")
                && line.contains("\"code\":200")), "the namespace controller listed it empty: " + controllerRequests);

        ok(kubectl.run("create", "namespace", namespace));
        Kubectl.Result again = ok(kubectl.run("-n", namespace, "get", "vsec", "keep-me", "-o",
                "jsonpath={.data.password}"));
        assertEquals(marker, new String(Base64.getDecoder().decode(again.stdout().trim()), StandardCharsets.UTF_8),
                "the secret is back with its namespace");

        ok(kubectl.run("-n", namespace, "delete", "vsec", "keep-me"));
        ok(kubectl.run("delete", "namespace", namespace, "--wait=false"));
    }

    private static Kubectl.Result ok(Kubectl.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private static long kvVersion(DevCluster cluster, String path) throws Exception {
        return JSON.readTree(cluster.bao("kv", "metadata", "get", "-format=json", "-mount=secret", path))
                .path("data").path("current_version").asLong();
    }

    /** The lines after the first {@code before}: the logs grow while they are read. */
    private static List<String> since(List<String> lines, long before) {
        return lines.subList((int) before, lines.size());
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
