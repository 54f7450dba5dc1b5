package dev.virtualsecrets.server.kube;

import dev.virtualsecrets.server.replicas.Replica;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replicas' directory against the local stack's kube-apiserver: coordination.k8s.io Leases
 * announce, list and withdraw replicas, and the Lease of a replica that never withdrew is deleted
 * once it expired long ago, while a recently expired one stays.
 */
class KubeReplicaDirectoryIT {

    private static final String NAMESPACE = "replicas-" + UUID.randomUUID().toString().substring(0, 8);
    private static Kubectl kubectl;
    private static ApiClient client;

    @BeforeAll
    static void namespace() {
        DevCluster cluster = DevCluster.shared();
        kubectl = cluster.kubectl();
        assertEquals(0, kubectl.run("create", "namespace", NAMESPACE).exitCode());
        try {
            client = Config.fromConfig(cluster.kubeconfig().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void cleanUp() {
        if (kubectl != null) {
            kubectl.run("delete", "namespace", NAMESPACE, "--wait=false");
        }
    }

    @Test
    void replicasAnnounceAndWithdrawAndTheLeaseOfOneThatNeverWithdrewIsDeletedLongAfterItExpired() {
        KubeReplicaDirectory directory = new KubeReplicaDirectory(() -> client, NAMESPACE, Clock.systemUTC());
        Replica self = new Replica("pod-a", URI.create("https://10.88.0.5:8443"));
        directory.renew(self, Duration.ofSeconds(15));
        announce("pod-killed-long-ago", Instant.now().minus(KubeReplicaDirectory.FORGOTTEN_AFTER).minusSeconds(60));
        announce("pod-killed-just-now", Instant.now().minusSeconds(60));

        assertEquals(List.of(self), directory.live());

        assertEquals(List.of("virtualsecrets-replica-pod-a", "virtualsecrets-replica-pod-killed-just-now"), leases(),
                "the long-expired Lease is gone; the recently expired one stays");
        directory.withdraw(self);
        assertEquals(List.of("virtualsecrets-replica-pod-killed-just-now"), leases());
        assertTrue(directory.live().isEmpty());
    }

    /** A Lease as a replica that is gone left it: renewed last at {@code renewed}, valid for 15 s. */
    private static void announce(String replica, Instant renewed) {
        String time = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC)
                .format(renewed); // a MicroTime
        Kubectl.Result created = kubectl.runWithInput("""
                apiVersion: coordination.k8s.io/v1
                kind: Lease
                metadata:
                  name: virtualsecrets-replica-%s
                  namespace: %s
                  labels: {virtualsecrets.dev/replica: "true"}
                  annotations: {virtualsecrets.dev/address: "https://10.88.0.9:8443"}
                spec:
                  holderIdentity: %s
                  leaseDurationSeconds: 15
                  renewTime: "%s"
                """.formatted(replica, NAMESPACE, replica, time), "create", "-f", "-");
        assertEquals(0, created.exitCode(), created.toString());
    }

    private static List<String> leases() {
        return kubectl.run("get", "leases", "-n", NAMESPACE, "-o", "name").stdout().lines()
                .map(line -> line.substring(line.indexOf('/') + 1)).sorted().toList();
    }
}
