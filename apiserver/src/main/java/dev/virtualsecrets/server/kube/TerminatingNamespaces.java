package dev.virtualsecrets.server.kube;

import dev.virtualsecrets.server.config.ServerConfig;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Which namespaces are being deleted, from a watch of Namespaces (the Java client's informer), so
 * that a request in a terminating namespace is recognized without a call to kube-apiserver. Until
 * the first list arrived, or when Namespaces cannot be watched, no namespace is terminating: the
 * requests are then served as usual.
 */
public final class TerminatingNamespaces implements Predicate<String>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TerminatingNamespaces.class.getName());

    private final ServerConfig.Kubernetes config;
    private SharedInformerFactory factory;
    private volatile SharedIndexInformer<V1Namespace> informer;

    public TerminatingNamespaces(ServerConfig.Kubernetes config) {
        this.config = config;
    }

    /** Starts the watch; never fails the server's start (a missing client or RBAC grant is logged). */
    public void start() {
        ApiClient client;
        try {
            client = KubernetesClients.create(config, Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.warning("not watching Namespaces (" + e.getMessage() + "): terminating namespaces are not recognized");
            return;
        }
        factory = new SharedInformerFactory(client);
        informer = factory.sharedIndexInformerFor(new GenericKubernetesApi<>(V1Namespace.class, V1NamespaceList.class,
                "", "v1", "namespaces", client), V1Namespace.class, 0);
        factory.startAllRegisteredInformers();
    }

    /** Whether {@code namespace} has a deletion timestamp (the namespace controller is emptying it). */
    @Override
    public boolean test(String namespace) {
        SharedIndexInformer<V1Namespace> current = informer;
        if (current == null || namespace == null) {
            return false;
        }
        V1Namespace found = current.getIndexer().getByKey(namespace);
        return found != null && found.getMetadata() != null && found.getMetadata().getDeletionTimestamp() != null;
    }

    @Override
    public void close() {
        if (factory != null) {
            factory.stopAllRegisteredInformers();
        }
    }
}
