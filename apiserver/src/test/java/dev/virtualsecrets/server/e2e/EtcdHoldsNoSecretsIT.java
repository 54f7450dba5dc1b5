package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.server.testsupport.Canaries;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product's promise: VirtualSecrets written through the aggregator in every way kubectl
 * writes leave no value in etcd (plain or base64). The logs are scanned for the same values at the
 * end of the run, by {@link SuiteLeakScanIT}.
 */
class EtcdHoldsNoSecretsIT {

    private static final String NS = "etcd-scan";

    @Test
    void noMarkerValueInEtcd() throws IOException {
        DevCluster cluster = DevCluster.shared();
        Kubectl kubectl = cluster.kubectl();
        String marker = Canaries.create("etcd");
        List<String> markers = List.of(Canaries.register(marker + "-apply"), Canaries.register(marker + "-ssa"),
                Canaries.register(marker + "-create"), Canaries.register(marker + "-patch"));

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
