package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.server.user.CallerIdentity;

import java.util.Set;
import java.util.function.Predicate;

/**
 * What Kubernetes' own controllers get (controllers in the configuration): the namespace
 * controller, the garbage collector and the quota controller read every resource's metadata, under
 * identities Vault does not know. Their metadata-only requests are read with the server's identity,
 * which reads KV metadata and never a value; anything else they ask is theirs, as for any caller.
 *
 * <p>Namespace deletion under {@code retain}: a terminating namespace lists as empty and the
 * controllers' deletes in it succeed without reaching Vault, so the namespace goes away even with
 * Vault down, and its secrets are there again when a namespace of that name is created. Under
 * {@code delete}, the controllers' deletes in a terminating namespace are the server's, and destroy
 * the secrets in Vault.
 */
public final class KubernetesControllers {

    private final Set<String> users;
    private final boolean retain;
    private final Predicate<String> terminating;

    /**
     * @param users       the controllers' user names
     * @param retain      whether namespace deletion leaves Vault untouched
     * @param terminating whether a namespace is being deleted
     */
    public KubernetesControllers(Set<String> users, boolean retain, Predicate<String> terminating) {
        this.users = Set.copyOf(users);
        this.retain = retain;
        this.terminating = terminating;
    }

    /** No controller is known and deletion is retained, with no namespace terminating: for tests. */
    public static KubernetesControllers none() {
        return new KubernetesControllers(Set.of(), true, namespace -> false);
    }

    public boolean isController(CallerIdentity caller) {
        return users.contains(caller.user());
    }

    /** Who reads a metadata-only request in Vault: the server for a controller, else the caller. */
    public CallerIdentity metadataReader(CallerIdentity caller) {
        return isController(caller) ? CallerIdentity.SERVER : caller;
    }

    /**
     * Who deletes in Vault: under {@code delete}, the server for a controller emptying a terminating
     * namespace (Vault does not know the namespace controller); else the caller.
     */
    public CallerIdentity deleter(CallerIdentity caller, String namespace) {
        return !retain && namespace != null && isController(caller) && terminating.test(namespace)
                ? CallerIdentity.SERVER : caller;
    }

    /** Whether {@code namespace} (null: all) is being deleted while its secrets stay in Vault. */
    public boolean retained(String namespace) {
        return retain && namespace != null && terminating.test(namespace);
    }
}
