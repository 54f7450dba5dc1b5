package dev.virtualsecrets.csi.node;

import dev.virtualsecrets.csi.kube.ReadFailedException;
import dev.virtualsecrets.csi.spec.Csi;
import dev.virtualsecrets.csi.spec.NodeGrpc;
import dev.virtualsecrets.csi.volume.InvalidVolumeException;
import dev.virtualsecrets.csi.volume.PublishRequest;
import dev.virtualsecrets.csi.volume.VolumePublisher;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * CSI Node for ephemeral inline volumes: publish reads the pod's VirtualSecrets as the pod and
 * writes them into a tmpfs at the target (again at every republish), unpublish removes it all.
 * Capabilities: VOLUME_MOUNT_GROUP only, so that the kubelet passes the pod's fsGroup and the
 * driver owns the files by it. Errors carry kube-apiserver's message (never a value or a token),
 * which the kubelet puts into the pod's events.
 */
public final class NodeService extends NodeGrpc.NodeImplBase {

    private static final Logger LOG = Logger.getLogger(NodeService.class.getName());

    private final String nodeId;
    private final String tokenAudience;
    private final VolumePublisher publisher;

    public NodeService(String nodeId, String tokenAudience, VolumePublisher publisher) {
        this.nodeId = nodeId;
        this.tokenAudience = tokenAudience;
        this.publisher = publisher;
    }

    @Override
    public void nodePublishVolume(Csi.NodePublishVolumeRequest request,
                                  StreamObserver<Csi.NodePublishVolumeResponse> response) {
        try {
            if (request.hasVolumeCapability() && request.getVolumeCapability().hasBlock()) {
                throw new InvalidVolumeException("only filesystem volumes are served, not block volumes");
            }
            String group = request.hasVolumeCapability() && request.getVolumeCapability().hasMount()
                    ? request.getVolumeCapability().getMount().getVolumeMountGroup() : "";
            PublishRequest publish = PublishRequest.of(request.getVolumeId(), request.getTargetPath(),
                    request.getVolumeContextMap(), request.getSecretsMap(), group, tokenAudience);
            publisher.publish(publish);
            response.onNext(Csi.NodePublishVolumeResponse.getDefaultInstance());
            response.onCompleted();
        } catch (InvalidVolumeException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (ReadFailedException e) {
            response.onError(status(e).withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "publishing volume " + request.getVolumeId() + " failed: " + e.getMessage());
            response.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    private static Status status(ReadFailedException e) {
        return switch (e.reason()) {
            case FORBIDDEN -> Status.PERMISSION_DENIED;
            case NOT_FOUND -> Status.NOT_FOUND;
            case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
            case INVALID -> Status.INVALID_ARGUMENT;
            case UNAVAILABLE -> Status.UNAVAILABLE;
        };
    }

    @Override
    public void nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest request,
                                    StreamObserver<Csi.NodeUnpublishVolumeResponse> response) {
        if (request.getVolumeId().isEmpty() || request.getTargetPath().isEmpty()
                || !Path.of(request.getTargetPath()).isAbsolute()) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("volume_id and an absolute target_path are required")
                    .asRuntimeException());
            return;
        }
        try {
            publisher.unpublish(request.getVolumeId(), Path.of(request.getTargetPath()));
            response.onNext(Csi.NodeUnpublishVolumeResponse.getDefaultInstance());
            response.onCompleted();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unpublishing volume " + request.getVolumeId() + " failed: " + e.getMessage());
            response.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void nodeGetCapabilities(Csi.NodeGetCapabilitiesRequest request,
                                    StreamObserver<Csi.NodeGetCapabilitiesResponse> response) {
        response.onNext(Csi.NodeGetCapabilitiesResponse.newBuilder().addCapabilities(Csi.NodeServiceCapability
                .newBuilder().setRpc(Csi.NodeServiceCapability.RPC.newBuilder()
                        .setType(Csi.NodeServiceCapability.RPC.Type.VOLUME_MOUNT_GROUP))).build());
        response.onCompleted();
    }

    @Override
    public void nodeGetInfo(Csi.NodeGetInfoRequest request, StreamObserver<Csi.NodeGetInfoResponse> response) {
        response.onNext(Csi.NodeGetInfoResponse.newBuilder().setNodeId(nodeId).build());
        response.onCompleted();
    }
}
