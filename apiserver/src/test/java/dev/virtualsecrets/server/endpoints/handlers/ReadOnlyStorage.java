package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecretSource;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.registry.NamedSource;
import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.registry.rest.Lister;
import dev.virtualsecrets.server.registry.rest.Watcher;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A storage that can only be read, like metrics-server's pod storage: it serves the names
 * {@code db-*} (as a database source does) and implements no write verb. Records every call.
 */
final class ReadOnlyStorage implements NamedSource, Getter, Lister, Watcher {

    static final String REFUSAL = "issued by Vault: it can be read, not written";

    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public boolean serves(String name) {
        return name.startsWith("db-");
    }

    @Override
    public String engine() {
        return VirtualSecretSource.ENGINE_DATABASE;
    }

    @Override
    public String refusal(String name) {
        return "VirtualSecret \"" + name + "\" is " + REFUSAL;
    }

    @Override
    public VirtualSecret get(CallerIdentity caller, String namespace, String name, GetOptions options) {
        calls.add("get " + name);
        return new VirtualSecret().apiVersion(VirtualSecrets.API_VERSION).kind(VirtualSecrets.KIND)
                .metadata(new V1ObjectMeta().namespace(namespace).name(name).resourceVersion("1"))
                .type(VirtualSecrets.TYPE_OPAQUE);
    }

    @Override
    public List<VirtualSecret> list(CallerIdentity caller, String namespace, ListOptions options) {
        calls.add("list");
        return List.of();
    }

    @Override
    public boolean visibleTo(CallerIdentity caller, String namespace, String name) {
        calls.add("visibleTo " + name);
        return true;
    }
}
