package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.csi.Main;
import dev.virtualsecrets.csi.config.DriverConfig;
import dev.virtualsecrets.csi.spec.Csi;
import dev.virtualsecrets.csi.spec.NodeGrpc;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import dev.virtualsecrets.server.testsupport.Psql;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CSI node plugin (module csi) publishing volumes as the kubelet asks, against the local
 * stack: it reads VirtualSecrets through kube-apiserver with the pod's ServiceAccount token
 * (demo/app, from TokenRequest as the kubelet gets it), so RBAC and OpenBao see the
 * ServiceAccount; the files sit in a tmpfs (as root) and change only with the values; a secret the
 * ServiceAccount may not read fails the publish with kube-apiserver's reason and mounts nothing.
 * The kubelet's own calls (registration, pods) are covered on the node.
 */
class CsiPublishIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private static DevCluster cluster;
    private static Path dir;
    private static Main.Plugin plugin;
    private static EventLoopGroup clients;
    private static ManagedChannel channel;
    private static String token;

    @BeforeAll
    static void plugin() throws Exception {
        cluster = DevCluster.shared();
        Kubectl.Result created = cluster.kubectl().run("create", "token", "app", "-n", "demo", "--duration=1h");
        assertEquals(0, created.exitCode(), created.toString());
        token = created.stdout().strip();
        dir = Files.createTempDirectory("csi-it");
        plugin = Main.start(new DriverConfig("csi.virtualsecrets.dev", "node-it", dir.resolve("plugin/csi.sock"), null,
                cluster.apiServer(), cluster.pki("cluster-ca/ca.crt"), "", ROOT));
        clients = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(dir.resolve("plugin/csi.sock").toString()))
                .eventLoopGroup(clients).channelType(EpollDomainSocketChannel.class).overrideAuthority("localhost")
                .usePlaintext().build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (clients != null) {
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (plugin != null) {
            plugin.close();
        }
        revokeAsApp("db-app");
    }

    private static Csi.NodePublishVolumeRequest publish(Path target, String namespace, String secrets) {
        String tokens = "{\"\":{\"token\":\"" + token + "\",\"expirationTimestamp\":\"2099-01-01T00:00:00Z\"}}";
        return Csi.NodePublishVolumeRequest.newBuilder().setVolumeId("csi-" + target.getParent().getFileName())
                .setTargetPath(target.toString()).setReadonly(true)
                .setVolumeCapability(Csi.VolumeCapability.newBuilder()
                        .setMount(Csi.VolumeCapability.MountVolume.newBuilder().setVolumeMountGroup("3000"))
                        .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder()
                                .setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER)))
                .putAllVolumeContext(Map.of("secrets", secrets,
                        "csi.storage.k8s.io/pod.name", "app-0",
                        "csi.storage.k8s.io/pod.namespace", namespace,
                        "csi.storage.k8s.io/pod.uid", "0b1c",
                        "csi.storage.k8s.io/serviceAccount.name", "app",
                        "csi.storage.k8s.io/ephemeral", "true",
                        "csi.storage.k8s.io/serviceAccount.tokens", tokens))
                .build();
    }

    @Test
    void aPodsVolumeHoldsWhatItsServiceAccountReadsInATmpfsAndChangesOnlyWithTheValues() throws Exception {
        NodeGrpc.NodeBlockingStub node = NodeGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        Path target = dir.resolve("pods/a/volumes/kubernetes.io~csi/creds/mount");
        JsonNode expected = JSON.readTree(cluster.kubectl().run("get", "vsec", "app-credentials", "-n", "demo", "-o",
                "json").stdout()).path("data");
        long auditBefore = Files.readAllLines(Path.of(cluster.env("VAULT_AUDIT_LOG"))).size();

        node.nodePublishVolume(publish(target, "demo", "app-credentials,db-app"));

        assertEquals(decoded(expected.path("password")), Files.readString(target.resolve("app-credentials/password")));
        assertEquals(decoded(expected.path("username")), Files.readString(target.resolve("app-credentials/username")));
        String username = Files.readString(target.resolve("db-app/username"));
        String password = Files.readString(target.resolve("db-app/password"));
        assertTrue(Psql.canLogIn(cluster.env("PGPORT"), username, password), "the database credentials log in");
        assertEquals(3000, Files.getAttribute(target.resolve("..data/db-app/password"), "unix:gid"));
        if (ROOT) {
            assertEquals("tmpfs", Files.getFileStore(target).type(), "values live in memory only");
        }
        List<String> audit = Files.readAllLines(Path.of(cluster.env("VAULT_AUDIT_LOG")));
        List<JsonNode> reads = audit.subList((int) auditBefore, audit.size()).stream().map(CsiPublishIT::json)
                .filter(entry -> "response".equals(entry.path("type").asText()))
                .filter(entry -> entry.at("/request/path").asText().equals("database/creds/demo-app")
                        || entry.at("/request/path").asText().equals("secret/data/kubernetes/demo/app-credentials"))
                .toList();
        assertEquals(2, reads.size(), "one Vault read per VirtualSecret");
        reads.forEach(entry -> assertEquals("app", entry.at("/auth/metadata/service_account_name").asText(),
                "OpenBao saw the pod's ServiceAccount"));

        // A republish with nothing changed leaves the files alone (the same version directory).
        Path version = Files.readSymbolicLink(target.resolve("..data"));
        node.nodePublishVolume(publish(target, "demo", "app-credentials,db-app"));
        assertEquals(version, Files.readSymbolicLink(target.resolve("..data")));

        // The lease deleted as the pod's ServiceAccount: the next republish writes the new credentials.
        revokeAsApp("db-app");
        node.nodePublishVolume(publish(target, "demo", "app-credentials,db-app"));
        assertNotEquals(version, Files.readSymbolicLink(target.resolve("..data")));
        String newPassword = Files.readString(target.resolve("db-app/password"));
        assertNotEquals(password, newPassword);
        assertTrue(Psql.canLogIn(cluster.env("PGPORT"), Files.readString(target.resolve("db-app/username")),
                newPassword));

        node.nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder().setVolumeId("csi-creds")
                .setTargetPath(target.toString()).build());
        assertFalse(Files.exists(target), "unpublished: nothing left at the target");
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(target.toString()), "and no mount");
    }

    @Test
    void aSecretTheServiceAccountMayNotReadFailsThePublishWithTheReasonAndMountsNothing() throws Exception {
        NodeGrpc.NodeBlockingStub node = NodeGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        Path target = dir.resolve("pods/b/volumes/kubernetes.io~csi/creds/mount");

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> node.nodePublishVolume(publish(target, "other", "config")));

        assertEquals(Status.Code.PERMISSION_DENIED, refused.getStatus().getCode());
        String reason = refused.getStatus().getDescription();
        assertTrue(reason.contains("forbidden") && reason.contains("system:serviceaccount:demo:app"), reason);
        assertFalse(reason.contains(token), "no token in the reason the pod's events will show");
        assertFalse(Files.exists(target));
    }

    /** Deletes the ServiceAccount's lease on {@code name} (revokes it), as the ServiceAccount. */
    private static void revokeAsApp(String name) throws Exception {
        if (cluster == null || token == null) {
            return;
        }
        cluster.kubeHttpClient(null).send(HttpRequest.newBuilder(URI.create(cluster.apiServer()
                        + "/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets/" + name))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static String decoded(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
