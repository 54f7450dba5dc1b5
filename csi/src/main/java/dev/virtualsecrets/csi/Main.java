package dev.virtualsecrets.csi;

import dev.virtualsecrets.csi.config.DriverConfig;
import dev.virtualsecrets.csi.grpc.UnixSocketServer;
import dev.virtualsecrets.csi.identity.IdentityService;
import dev.virtualsecrets.csi.kube.VirtualSecretReader;
import dev.virtualsecrets.csi.mount.Mounter;
import dev.virtualsecrets.csi.mount.TmpfsMounter;
import dev.virtualsecrets.csi.node.NodeService;
import dev.virtualsecrets.csi.registration.RegistrationService;
import dev.virtualsecrets.csi.volume.VolumePublisher;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * The CSI node plugin's composition root: Identity and Node on the CSI socket, and the kubelet's
 * registration service on its own socket in the plugins_registry directory.
 */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    /** The running plugin: its sockets, closed together. */
    public record Plugin(UnixSocketServer csi, UnixSocketServer registration) implements AutoCloseable {
        @Override
        public void close() {
            if (registration != null) {
                registration.close(); // first: the kubelet deregisters before the CSI socket goes
            }
            csi.close();
        }
    }

    public static Plugin start(DriverConfig config) {
        String version = Main.class.getPackage().getImplementationVersion();
        VolumePublisher publisher = new VolumePublisher(new VirtualSecretReader(config.kubeApiServer(),
                config.kubeCaFile()), config.mountTmpfs() ? new TmpfsMounter() : Mounter.NONE);
        UnixSocketServer csi = new UnixSocketServer(config.endpoint(),
                new IdentityService(config.driverName(), version == null ? "dev" : version),
                new NodeService(config.nodeId(), config.tokenAudience(), publisher));
        UnixSocketServer registration = config.registrationSocket() == null ? null
                : new UnixSocketServer(config.registrationSocket(),
                new RegistrationService(config.driverName(), config.endpoint()));
        LOG.info("CSI driver " + config.driverName() + " serving on " + config.endpoint() + " for node "
                + config.nodeId() + (registration == null ? "" : "; registration at " + config.registrationSocket()));
        return new Plugin(csi, registration);
    }

    public static void main(String[] args) throws InterruptedException {
        DriverConfig config;
        try {
            config = DriverConfig.parse(Arrays.asList(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("virtualsecrets-csi: " + e.getMessage());
            System.exit(2);
            return;
        }
        Plugin plugin = start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            plugin.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
