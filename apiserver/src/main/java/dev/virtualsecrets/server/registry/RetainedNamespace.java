package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.meta.DeleteOptions;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.registry.rest.Deleter;
import dev.virtualsecrets.server.registry.rest.Lister;
import dev.virtualsecrets.server.registry.rest.MetadataLister;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.List;

/**
 * A namespace being deleted whose secrets stay in Vault ({@code namespaceDeletion: retain}): it
 * lists as empty, and a controller's delete in it succeeds, without a call to Vault. The namespace
 * controller then finds nothing left and the namespace goes away, whatever Vault's state.
 */
public final class RetainedNamespace implements Lister, MetadataLister, Deleter {

    public static final RetainedNamespace INSTANCE = new RetainedNamespace();

    private RetainedNamespace() {
    }

    @Override
    public String engine() {
        return "none";
    }

    @Override
    public List<VirtualSecret> list(CallerIdentity caller, String namespace, ListOptions options) {
        return List.of();
    }

    @Override
    public List<V1ObjectMeta> listMetadata(CallerIdentity caller, String namespace, ListOptions options) {
        return List.of();
    }

    /** Nothing is deleted: the object answered names what the request named. */
    @Override
    public VirtualSecret delete(CallerIdentity caller, String namespace, String name, DeleteOptions options) {
        return new VirtualSecret().apiVersion(VirtualSecrets.API_VERSION).kind(VirtualSecrets.KIND)
                .metadata(new V1ObjectMeta().namespace(namespace).name(name));
    }
}
