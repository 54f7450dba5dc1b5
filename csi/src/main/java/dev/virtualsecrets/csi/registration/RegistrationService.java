package dev.virtualsecrets.csi.registration;

import dev.virtualsecrets.csi.spec.registration.Api;
import dev.virtualsecrets.csi.spec.registration.RegistrationGrpc;
import io.grpc.stub.StreamObserver;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The kubelet's plugin registration: on a socket in its plugins_registry directory the kubelet
 * asks who this is (a CSI plugin, its name, the CSI endpoint, CSI 1.x), registers it and says so.
 */
public final class RegistrationService extends RegistrationGrpc.RegistrationImplBase {

    private static final Logger LOG = Logger.getLogger(RegistrationService.class.getName());

    private final String driverName;
    private final Path endpoint;
    private final AtomicReference<Api.RegistrationStatus> status = new AtomicReference<>();

    public RegistrationService(String driverName, Path endpoint) {
        this.driverName = driverName;
        this.endpoint = endpoint;
    }

    @Override
    public void getInfo(Api.InfoRequest request, StreamObserver<Api.PluginInfo> response) {
        response.onNext(Api.PluginInfo.newBuilder().setType("CSIPlugin").setName(driverName)
                .setEndpoint(endpoint.toString()).addSupportedVersions("1.0.0").build());
        response.onCompleted();
    }

    @Override
    public void notifyRegistrationStatus(Api.RegistrationStatus request,
                                         StreamObserver<Api.RegistrationStatusResponse> response) {
        status.set(request);
        LOG.info(request.getPluginRegistered() ? "registered with the kubelet as " + driverName
                : "the kubelet did not register " + driverName + ": " + request.getError());
        response.onNext(Api.RegistrationStatusResponse.getDefaultInstance());
        response.onCompleted();
    }

    /** What the kubelet said last; null before it said anything. */
    public Api.RegistrationStatus lastStatus() {
        return status.get();
    }
}
