package dev.virtualsecrets.csi.identity;

import com.google.protobuf.BoolValue;
import dev.virtualsecrets.csi.spec.Csi;
import dev.virtualsecrets.csi.spec.IdentityGrpc;
import io.grpc.stub.StreamObserver;

/**
 * CSI Identity: the driver's name and version, no plugin capabilities (a node-only driver of
 * ephemeral volumes: no controller service, no topology), and ready once serving.
 */
public final class IdentityService extends IdentityGrpc.IdentityImplBase {

    private final String driverName;
    private final String version;

    public IdentityService(String driverName, String version) {
        this.driverName = driverName;
        this.version = version;
    }

    @Override
    public void getPluginInfo(Csi.GetPluginInfoRequest request, StreamObserver<Csi.GetPluginInfoResponse> response) {
        response.onNext(Csi.GetPluginInfoResponse.newBuilder().setName(driverName).setVendorVersion(version).build());
        response.onCompleted();
    }

    @Override
    public void getPluginCapabilities(Csi.GetPluginCapabilitiesRequest request,
                                      StreamObserver<Csi.GetPluginCapabilitiesResponse> response) {
        response.onNext(Csi.GetPluginCapabilitiesResponse.getDefaultInstance());
        response.onCompleted();
    }

    @Override
    public void probe(Csi.ProbeRequest request, StreamObserver<Csi.ProbeResponse> response) {
        response.onNext(Csi.ProbeResponse.newBuilder().setReady(BoolValue.of(true)).build());
        response.onCompleted();
    }
}
