package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtualsecrets.certs.CertificateAuthority;
import dev.virtualsecrets.certs.IssuedCertificate;
import dev.virtualsecrets.certs.Pem;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The front-proxy CA comes from kube-system/extension-apiserver-authentication, watched live: when
 * the ConfigMap's request-header CA is rotated, a proxy certificate from the new CA is accepted and
 * one from the old CA refused, by the same server process (no restart). The ConfigMap is restored
 * afterwards, and kube-apiserver's own proxy certificate works again.
 */
class FrontProxyCaRotationIT {

    private static final String CONFIG_MAP = "extension-apiserver-authentication";
    private static final String CA_KEY = "requestheader-client-ca-file";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRotatedFrontProxyCaIsAcceptedAndTheOldOneRefusedWithoutARestart() throws Exception {
        DevCluster.shared().assumeServerProcess("calls the server directly with proxy certificates");
        DevCluster cluster = DevCluster.shared();
        Kubectl kubectl = cluster.kubectl();
        long serverPid = serverPid(cluster);
        IssuedCertificate newProxy = CertificateAuthority.create("rotated-front-proxy-ca", Duration.ofHours(1))
                .issueClient("front-proxy-client", List.of(), Duration.ofHours(1));
        newProxy.writeTo(dir.resolve("proxy.crt"), dir.resolve("proxy.key"));
        ApiClient oldProxy = new ApiClient(cluster.serverHttpClient(cluster.pki("front-proxy-client.crt"),
                cluster.pki("front-proxy-client.key")), cluster.server());
        ApiClient rotatedProxy = new ApiClient(cluster.serverHttpClient(dir.resolve("proxy.crt"),
                dir.resolve("proxy.key")), cluster.server());

        assertEquals(200, discoveryAsAdmin(oldProxy));
        assertEquals(401, discoveryAsAdmin(rotatedProxy));
        String originalCa = Files.readString(cluster.pki("front-proxy-ca/ca.crt"));
        try {
            setRequestHeaderCa(kubectl, Pem.certificate(newProxy.chain().getLast()));
            awaitStatus(rotatedProxy, 200);
            awaitStatus(oldProxy, 401);
        } finally {
            setRequestHeaderCa(kubectl, originalCa);
        }
        awaitStatus(oldProxy, 200);
        assertEquals(401, discoveryAsAdmin(rotatedProxy));
        assertEquals(serverPid, serverPid(cluster), "the server was not restarted");
        // kube-aggregator's own proxy certificate was refused meanwhile: let it find the server again.
        Kubectl.Result available = kubectl.run("wait", "--for=condition=Available",
                "apiservice/v1alpha1.virtualsecrets.dev", "--timeout=90s");
        assertEquals(0, available.exitCode(), available.toString());
    }

    private static int discoveryAsAdmin(ApiClient proxy) {
        return proxy.get(ApiClient.VSEC, "X-Remote-User", "admin", "X-Remote-Group", "system:masters").statusCode();
    }

    private static void awaitStatus(ApiClient proxy, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = discoveryAsAdmin(proxy);
            if (last == expected) {
                return;
            }
            Thread.sleep(200);
        }
        fail("expected " + expected + " within 20 s after the ConfigMap changed, last saw " + last);
    }

    private static void setRequestHeaderCa(Kubectl kubectl, String pem) throws IOException {
        Kubectl.Result current = kubectl.run("get", "configmap", CONFIG_MAP, "-n", "kube-system", "-o", "json");
        assertEquals(0, current.exitCode(), current.toString());
        ObjectNode configMap = (ObjectNode) JSON.readTree(current.stdout());
        ((ObjectNode) configMap.get("data")).put(CA_KEY, pem);
        Kubectl.Result replaced = kubectl.runWithInput(JSON.writeValueAsString(configMap), "replace", "-f", "-");
        assertEquals(0, replaced.exitCode(), replaced.toString());
    }

    private static long serverPid(DevCluster cluster) throws IOException {
        return Long.parseLong(Files.readString(cluster.state().resolve("server.pid")).trim());
    }
}
