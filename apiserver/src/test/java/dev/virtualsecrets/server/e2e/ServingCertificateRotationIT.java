package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.certs.CertificateAuthority;
import dev.virtualsecrets.certs.IssuedCertificate;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import dev.virtualsecrets.server.testsupport.TrustAnyServer;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new serving certificate (same CA, as cert-manager's rotation issues it) written where the server
 * reads it (the process's files; on a node, the Secret the pods mount) is served within a minute
 * of reaching the files (the server reads them every 10 s; on a node the kubelet updates the
 * volume first, at its next pod sync) without a restart, and kube-apiserver keeps reaching the API
 * through it.
 */
public class ServingCertificateRotationIT {

    private static final Duration WITHIN = Duration.ofMinutes(1);
    /** On a node the kubelet first updates the Secret volume, at its next pod sync (syncFrequency 1 m + jitter). */
    private static final Duration KUBELET_VOLUME_UPDATE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aReplacedServingCertificateIsServedWithinAMinuteWithoutARestart() throws Exception {
        rotateAndCheck(DevCluster.shared());
    }

    /** Rotates the serving certificate of {@code cluster}'s server(s) and checks each serves it. */
    public static void rotateAndCheck(DevCluster cluster) throws Exception {
        Kubectl kubectl = cluster.kubectl();
        List<String> pidsBefore = serverProcesses(cluster);
        CertificateAuthority ca = CertificateAuthority.load(cluster.pki("virtualsecrets-ca/ca.crt"),
                cluster.pki("virtualsecrets-ca/ca.key"));
        IssuedCertificate next = ca.issueServing("virtualsecrets",
                List.of("virtualsecrets.virtualsecrets.svc", "virtualsecrets.virtualsecrets.svc.cluster.local",
                        "localhost"), List.of("127.0.0.1"), Duration.ofDays(365));
        Path staged = Files.createTempDirectory(cluster.state(), "rotated-");
        next.writeTo(staged.resolve("tls.crt"), staged.resolve("tls.key"));
        // The stack's own files first (a later `up` publishes them), each replaced in one rename.
        Files.move(staged.resolve("tls.key"), cluster.pki("virtualsecrets.key"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Files.move(staged.resolve("tls.crt"), cluster.pki("virtualsecrets.crt"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Files.delete(staged);
        if (cluster.nodeMode()) {
            String secret = ok(kubectl.run("-n", "virtualsecrets", "create", "secret", "tls", "virtualsecrets-tls",
                    "--cert", cluster.pki("virtualsecrets.crt").toString(),
                    "--key", cluster.pki("virtualsecrets.key").toString(), "--dry-run=client", "-o", "yaml")).stdout();
            ok(kubectl.runWithInput(secret, "apply", "-f", "-"));
        }

        BigInteger serial = next.certificate().getSerialNumber();
        Duration within = cluster.nodeMode() ? WITHIN.plus(KUBELET_VOLUME_UPDATE) : WITHIN;
        for (String address : servingAddresses(cluster)) {
            long deadline = System.nanoTime() + within.toNanos();
            BigInteger served = servedSerial(address);
            while (!serial.equals(served) && System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                served = servedSerial(address);
            }
            assertEquals(serial, served, address + " serves the new certificate within " + within);
        }
        assertEquals(pidsBefore, serverProcesses(cluster), "no restart");
        ok(kubectl.run("-n", "demo", "get", "vsec", "app-credentials", "-o", "name"));
    }

    /** host:port of every serving replica: the process, or each pod on the node. */
    private static List<String> servingAddresses(DevCluster cluster) throws Exception {
        if (!cluster.nodeMode()) {
            return List.of("127.0.0.1:" + cluster.server().getPort());
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode pod : pods(cluster)) {
            addresses.add(pod.at("/status/podIP").asText() + ":8443");
        }
        return addresses;
    }

    /** The server process's pid, or each pod's uid and container restart count. */
    private static List<String> serverProcesses(DevCluster cluster) throws Exception {
        if (!cluster.nodeMode()) {
            return List.of(Files.readString(cluster.state().resolve("server.pid")).trim());
        }
        List<String> pods = new ArrayList<>();
        for (JsonNode pod : pods(cluster)) {
            pods.add(pod.at("/metadata/uid").asText() + "/" + pod.at("/status/containerStatuses/0/restartCount"));
        }
        return pods.stream().sorted().toList();
    }

    /** The running pods that are not being deleted (a rollout's old pods linger for a while). */
    private static List<JsonNode> pods(DevCluster cluster) throws Exception {
        List<JsonNode> serving = new ArrayList<>();
        JSON.readTree(ok(cluster.kubectl().run("-n", "virtualsecrets", "get", "pods", "-l",
                "app.kubernetes.io/name=virtualsecrets", "-o", "json")).stdout()).path("items").forEach(pod -> {
                    if (pod.at("/metadata/deletionTimestamp").isMissingNode()
                            && "Running".equals(pod.at("/status/phase").asText())) {
                        serving.add(pod);
                    }
                });
        return serving;
    }

    private static BigInteger servedSerial(String address) throws Exception {
        String[] hostPort = address.split(":");
        try (SSLSocket socket = (SSLSocket) TrustAnyServer.sslContext().getSocketFactory()
                .createSocket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static Kubectl.Result ok(Kubectl.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }
}
