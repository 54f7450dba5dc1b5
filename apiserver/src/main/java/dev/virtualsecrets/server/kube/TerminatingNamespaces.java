package dev.virtualsecrets.server.kube;

import dev.virtualsecrets.server.config.ServerConfig;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private SharedInformerFactory factory;
    private volatile SharedIndexInformer<V1Namespace> informer;

    public TerminatingNamespaces(ServerConfig.Kubernetes config) {
        this.config = config;
    }

    /** Told once of each namespace that starts terminating (register before {@link #start}). */
    public void onTerminating(Consumer<String> listener) {
        listeners.add(listener);
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
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(V1Namespace namespace) {
                notifyIfTerminating(null, namespace);
            }

            @Override
            public void onUpdate(V1Namespace before, V1Namespace after) {
                notifyIfTerminating(before, after);
            }

            @Override
            public void onDelete(V1Namespace namespace, boolean finalStateUnknown) {
            }
        });
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

    private void notifyIfTerminating(V1Namespace before, V1Namespace after) {
        boolean was = before != null && before.getMetadata() != null && before.getMetadata().getDeletionTimestamp() != null;
        boolean is = after.getMetadata() != null && after.getMetadata().getDeletionTimestamp() != null;
        if (is && !was) {
            for (Consumer<String> listener : listeners) {
                try {
                    listener.accept(after.getMetadata().getName());
                } catch (RuntimeException e) {
                    LOG.warning("handling the deletion of namespace " + after.getMetadata().getName() + " failed: "
                            + e.getClass().getSimpleName());
                }
            }
        }
    }

    @Override
    public void close() {
        if (factory != null) {
            factory.stopAllRegisteredInformers();
        }
    }
}
