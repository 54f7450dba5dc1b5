package dev.virtualsecrets.server.kube;

import dev.virtualsecrets.server.config.ServerConfig;
import io.kubernetes.client.openapi.ApiClient;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A client of kube-apiserver built at its first use, so that a server which never needs one (only
 * system:masters callers, identity mode server) starts without a reachable cluster. A failure to
 * build it is a {@link KubernetesCallException}: the request that needed it fails closed.
 */
public final class LazyApiClient implements Supplier<ApiClient> {

    private static final Logger LOG = Logger.getLogger(LazyApiClient.class.getName());

    private final ServerConfig.Kubernetes config;
    private final Duration readTimeout;
    private volatile ApiClient client;

    public LazyApiClient(ServerConfig.Kubernetes config, Duration readTimeout) {
        this.config = config;
        this.readTimeout = readTimeout;
    }

    @Override
    public ApiClient get() {
        ApiClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    try {
                        client = KubernetesClients.create(config, readTimeout);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "no Kubernetes client: {0}", e.getMessage());
                        throw new KubernetesCallException("building a Kubernetes client", 0);
                    }
                }
                current = client;
            }
        }
        return current;
    }
}
