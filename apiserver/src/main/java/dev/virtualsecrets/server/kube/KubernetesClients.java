package dev.virtualsecrets.server.kube;

import dev.virtualsecrets.server.config.ConfigException;
import dev.virtualsecrets.server.config.ServerConfig;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Duration;

/** Builds clients of kube-apiserver from a kubeconfig or, when unset, the pod's service account. */
public final class KubernetesClients {

    private KubernetesClients() {
    }

    /**
     * A client whose reads time out after {@code readTimeout}; {@link Duration#ZERO} for watches
     * (the Java client's informers require it).
     */
    public static ApiClient create(ServerConfig.Kubernetes kubernetes, Duration readTimeout) {
        try {
            if (kubernetes.kubeconfig() != null) {
                try (Reader reader = Files.newBufferedReader(kubernetes.kubeconfig())) {
                    KubeConfig kubeConfig = KubeConfig.loadKubeConfig(reader);
                    kubeConfig.setFile(kubernetes.kubeconfig().toFile());
                    return ClientBuilder.kubeconfig(kubeConfig).setReadTimeout(readTimeout).build();
                }
            }
            return ClientBuilder.cluster().setReadTimeout(readTimeout).build();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("cannot build a Kubernetes client from "
                    + (kubernetes.kubeconfig() == null ? "the pod's service account" : kubernetes.kubeconfig())
                    + ": " + e.getMessage());
        }
    }
}
