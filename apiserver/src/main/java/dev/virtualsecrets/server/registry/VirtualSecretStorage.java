package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.util.List;
import java.util.Map;

/**
 * The verbs of one Vault source engine, like k8s.io/apiserver's rest.Storage. Objects passed in are
 * already validated and normalized by the resource handler (namespace set, {@code stringData}
 * merged into {@code data}). Objects returned carry uid, resourceVersion, creationTimestamp,
 * spec.source and status as read from Vault. Failures are {@link ApiException}s.
 *
 * <p>Implementations never log or put into an exception message any secret value.
 */
public interface VirtualSecretStorage {

    VirtualSecret get(CallerIdentity caller, String namespace, String name);

    /**
     * {@code namespace == null} lists across all namespaces. Objects the caller's Vault identity may
     * not read are left out.
     */
    List<VirtualSecret> list(CallerIdentity caller, String namespace);

    /**
     * As {@link #list(CallerIdentity, String)}, for a request whose field selector names one object
     * ({@code name}, nullable). A dynamic source issues that object's credentials, as a get does, so
     * that {@code kubectl get vsec db-app -w} and informers on one name work.
     */
    default List<VirtualSecret> list(CallerIdentity caller, String namespace, String name) {
        List<VirtualSecret> all = list(caller, namespace);
        return name == null ? all : all.stream().filter(s -> name.equals(s.getMetadata().getName())).toList();
    }

    /** Throws 405 MethodNotAllowed when the named object cannot be created, updated or patched. */
    default void requireWritable(String namespace, String name) {
    }

    /**
     * Whether this storage publishes the watch events of the named object itself (dynamic sources:
     * from their lease events); then the resource handler must not publish its writes again.
     */
    default boolean announcesChanges(String name) {
        return false;
    }

    /** 409 AlreadyExists when the secret exists. */
    VirtualSecret create(CallerIdentity caller, VirtualSecret secret, boolean dryRun);

    /**
     * Replaces data, type, labels and annotations. A non-empty {@code metadata.resourceVersion}
     * is a precondition (KV check-and-set): 409 Conflict when stale. 404 when absent.
     */
    VirtualSecret update(CallerIdentity caller, VirtualSecret secret, boolean dryRun);

    /**
     * Deletes and returns the last state. {@code expectedResourceVersion} (nullable) is a
     * precondition: 409 Conflict when it does not match.
     */
    VirtualSecret delete(CallerIdentity caller, String namespace, String name,
                         String expectedResourceVersion, boolean dryRun);

    /** Whether the caller's Vault identity may read this object (a watch delivers only those). */
    boolean canRead(CallerIdentity caller, String namespace, String name);

    /**
     * The resourceVersions of the live objects in a scope, keyed "namespace/name", from metadata
     * only (no values): one object ({@code name} set), a namespace, or all namespaces
     * ({@code namespace} null). Objects and namespaces the caller may not read are left out.
     * What a poller compares to notice changes made outside the API.
     */
    Map<String, Long> resourceVersions(CallerIdentity caller, String namespace, String name);
}
