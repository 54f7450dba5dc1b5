package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product's promise: VirtualSecrets written through the aggregator in every way kubectl
 * writes leave no value in etcd (plain or base64) and none in any component's log; no Vault token
 * (root, the server's, or a caller's) and no ServiceAccount token appears in the server's logs.
 */
class EtcdHoldsNoSecretsIT {

    private static final String NS = "etcd-scan";
    /** OpenBao service tokens (s. + 24 characters) and JWTs (ServiceAccount tokens from TokenRequest). */
    private static final Pattern VAULT_TOKEN = Pattern.compile("(?<![A-Za-z0-9])s\\.[A-Za-z0-9]{24}(?![A-Za-z0-9])");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ");

    @Test
    void noMarkerValueInEtcdOrLogs() throws IOException {
        DevCluster cluster = DevCluster.shared();
        Kubectl kubectl = cluster.kubectl();
        String marker = "etcd-canary-" + UUID.randomUUID();
        List<String> markers = List.of(marker + "-apply", marker + "-ssa", marker + "-create", marker + "-patch");

        ok(kubectl.runWithInput(manifest("applied", markers.get(0)), "apply", "-f", "-"));
        ok(kubectl.runWithInput(manifest("server-side", markers.get(1)), "apply", "--server-side", "-f", "-"));
        ok(kubectl.runWithInput(manifest("created", markers.get(2)), "create", "-f", "-"));
        ok(kubectl.run("patch", "vsec", "created", "-n", NS, "--type=merge",
                "-p", "{\"stringData\":{\"password\":\"" + markers.get(3) + "\"}}"));
        String yaml = ok(kubectl.run("get", "vsec", "created", "-n", NS, "-o", "yaml")).stdout();
        assertTrue(yaml.contains(base64(markers.get(3))), "the value is served (from Vault)");

        byte[] etcd = cluster.etcdctl("get", "", "--prefix");
        assertTrue(etcd.length > 10_000, "etcd was read (" + etcd.length + " bytes)");
        String etcdText = new String(etcd, StandardCharsets.ISO_8859_1);
        assertTrue(etcdText.contains("/registry/apiregistration.k8s.io/apiservices/v1alpha1.virtualsecrets.dev"),
                "etcd holds the cluster's objects");
        for (String value : markers) {
            assertFalse(etcdText.contains(value), "etcd holds a secret value");
            assertFalse(etcdText.contains(base64(value)), "etcd holds a base64 secret value");
        }
        for (Path log : cluster.logs()) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            for (String value : markers) {
                assertFalse(text.contains(value) || text.contains(base64(value)), log + " holds a secret value");
            }
            assertFalse(text.contains(cluster.vaultToken()), log + " holds the Vault root token");
            assertFalse(text.contains(cluster.serverVaultToken()), log + " holds the server's Vault token");
        }
        for (Path log : List.of(cluster.state().resolve("server.log"), cluster.state().resolve("server-audit.log"))) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            assertFalse(VAULT_TOKEN.matcher(text).find(), log + " holds a Vault token (a caller's?)");
            assertFalse(JWT.matcher(text).find(), log + " holds a ServiceAccount token");
        }
    }

    private static String manifest(String name, String value) {
        return """
                apiVersion: virtualsecrets.dev/v1alpha1
                kind: VirtualSecret
                metadata:
                  name: %s
                  namespace: %s
                stringData:
                  password: %s
                """.formatted(name, NS, value);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static Kubectl.Result ok(Kubectl.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }
}
