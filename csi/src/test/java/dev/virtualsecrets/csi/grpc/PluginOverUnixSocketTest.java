package dev.virtualsecrets.csi.grpc;

import dev.virtualsecrets.csi.Main;
import dev.virtualsecrets.csi.config.DriverConfig;
import dev.virtualsecrets.csi.spec.Csi;
import dev.virtualsecrets.csi.spec.IdentityGrpc;
import dev.virtualsecrets.csi.spec.NodeGrpc;
import dev.virtualsecrets.csi.spec.registration.Api;
import dev.virtualsecrets.csi.spec.registration.RegistrationGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin as the kubelet reaches it: gRPC over its Unix sockets. What the kubelet asks during
 * registration and before a publish is answered here; publishing against kube-apiserver is
 * covered by CsiPublishIT on the local stack.
 */
class PluginOverUnixSocketTest {

    @TempDir
    Path dir;

    private Main.Plugin plugin;
    private EventLoopGroup clients;

    @BeforeEach
    void start() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "");
        plugin = Main.start(new DriverConfig("csi.virtualsecrets.dev", "node-1", dir.resolve("plugins/csi.sock"),
                dir.resolve("plugins_registry/csi.virtualsecrets.dev-reg.sock"), URI.create("https://127.0.0.1:1"), ca,
                "", false));
        clients = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterEach
    void stop() {
        if (plugin != null) {
            plugin.close();
        }
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private ManagedChannel channel(Path socket) {
        return NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString())).eventLoopGroup(clients)
                .channelType(EpollDomainSocketChannel.class).overrideAuthority("localhost").usePlaintext().build();
    }

    @Test
    void theKubeletRegistersTheDriverAndLearnsTheNode() throws Exception {
        ManagedChannel registration = channel(dir.resolve("plugins_registry/csi.virtualsecrets.dev-reg.sock"));
        ManagedChannel csi = channel(dir.resolve("plugins/csi.sock"));
        try {
            Api.PluginInfo info = RegistrationGrpc.newBlockingStub(registration).getInfo(Api.InfoRequest.getDefaultInstance());
            assertEquals("CSIPlugin", info.getType());
            assertEquals("csi.virtualsecrets.dev", info.getName());
            assertEquals(dir.resolve("plugins/csi.sock").toString(), info.getEndpoint());
            assertEquals(List.of("1.0.0"), info.getSupportedVersionsList());
            RegistrationGrpc.newBlockingStub(registration).notifyRegistrationStatus(Api.RegistrationStatus.newBuilder()
                    .setPluginRegistered(true).build());

            NodeGrpc.NodeBlockingStub node = NodeGrpc.newBlockingStub(csi);
            assertEquals("node-1", node.nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance()).getNodeId());
            assertEquals(Csi.NodeServiceCapability.RPC.Type.VOLUME_MOUNT_GROUP, node.nodeGetCapabilities(
                    Csi.NodeGetCapabilitiesRequest.getDefaultInstance()).getCapabilities(0).getRpc().getType());
            IdentityGrpc.IdentityBlockingStub identity = IdentityGrpc.newBlockingStub(csi);
            assertEquals("csi.virtualsecrets.dev", identity.getPluginInfo(Csi.GetPluginInfoRequest.getDefaultInstance())
                    .getName());
            assertTrue(identity.probe(Csi.ProbeRequest.getDefaultInstance()).getReady().getValue());
            assertEquals(0, identity.getPluginCapabilities(Csi.GetPluginCapabilitiesRequest.getDefaultInstance())
                    .getCapabilitiesCount());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    dir.resolve("plugins/csi.sock"))));
        } finally {
            registration.shutdownNow();
            csi.shutdownNow();
        }
    }

    @Test
    void aPublishThePodSpecGotWrongIsInvalidArgumentWithTheReasonAndWritesNothing() {
        ManagedChannel csi = channel(dir.resolve("plugins/csi.sock"));
        try {
            Path target = dir.resolve("pods/uid/volumes/kubernetes.io~csi/creds/mount");
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> NodeGrpc
                    .newBlockingStub(csi).nodePublishVolume(Csi.NodePublishVolumeRequest.newBuilder()
                            .setVolumeId("csi-1").setTargetPath(target.toString())
                            .putAllVolumeContext(Map.of("csi.storage.k8s.io/ephemeral", "true",
                                    "csi.storage.k8s.io/pod.namespace", "demo", "secrets", "db-app"))
                            .build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
            assertTrue(refused.getStatus().getDescription().contains("tokenRequests"), refused.getMessage());
            assertFalse(Files.exists(target));
            // NodeStageVolume is not advertised (nor in this driver's proto): the kubelet never calls it.
            MethodDescriptor<Csi.NodeGetInfoRequest, Csi.NodeGetInfoResponse> stage = MethodDescriptor
                    .<Csi.NodeGetInfoRequest, Csi.NodeGetInfoResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("csi.v1.Node/NodeStageVolume")
                    .setRequestMarshaller(ProtoUtils.marshaller(Csi.NodeGetInfoRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(Csi.NodeGetInfoResponse.getDefaultInstance())).build();
            assertEquals(Status.Code.UNIMPLEMENTED, assertThrows(StatusRuntimeException.class, () -> ClientCalls
                    .blockingUnaryCall(csi, stage, CallOptions.DEFAULT, Csi.NodeGetInfoRequest.getDefaultInstance()))
                    .getStatus().getCode());
        } finally {
            csi.shutdownNow();
        }
    }
}
