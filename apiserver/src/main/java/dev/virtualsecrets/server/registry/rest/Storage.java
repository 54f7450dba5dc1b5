package dev.virtualsecrets.server.registry.rest;

/**
 * The VirtualSecrets of one Vault source engine, like k8s.io/apiserver's {@code rest.Storage}. What
 * a storage can do is the verb interfaces it implements ({@link Getter}, {@link Lister},
 * {@link Creater}, {@link Updater}, {@link Deleter}, {@link Watcher}; {@link MetadataGetter} and
 * {@link MetadataLister} for metadata-only reads); a verb it does not implement
 * is answered 405 MethodNotAllowed before anything reaches Vault.
 *
 * <p>Objects passed in are validated and normalized by the handlers (namespace set, {@code
 * stringData} merged into {@code data}). Objects returned carry uid, resourceVersion,
 * creationTimestamp, spec.source and status as read from Vault. Failures are {@code
 * ApiException}s. Storages publish the watch events of their own changes, as etcd does for
 * kube-apiserver. Implementations never log or put into an exception message any secret value.
 */
public interface Storage {

    /** The Vault secrets engine behind it, as {@code spec.source.engine} names it. */
    String engine();

    /** The 405 message for a verb this storage does not implement on the object {@code name}. */
    default String refusal(String name) {
        return "the server does not allow this method on the requested resource";
    }
}
