package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.server.registry.dynamic.DynamicSecretStorage;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends each VirtualSecret to its source: a name a dynamic source serves (e.g. {@code db-app},
 * {@code tls-web}) goes there, every other name to the KV v2 catch-all. A list merges them; a KV
 * secret whose name a dynamic source serves is shadowed and not listed.
 */
public final class SourceRouter implements VirtualSecretStorage {

    private final VirtualSecretStorage kv;
    private final List<DynamicSecretStorage> dynamic;

    public SourceRouter(VirtualSecretStorage kv, List<DynamicSecretStorage> dynamic) {
        this.kv = kv;
        this.dynamic = List.copyOf(dynamic);
    }

    private VirtualSecretStorage route(String name) {
        for (DynamicSecretStorage source : dynamic) {
            if (source.serves(name)) {
                return source;
            }
        }
        return kv;
    }

    private boolean isDynamic(String name) {
        return route(name) != kv;
    }

    @Override
    public VirtualSecret get(CallerIdentity caller, String namespace, String name) {
        return route(name).get(caller, namespace, name);
    }

    @Override
    public List<VirtualSecret> list(CallerIdentity caller, String namespace) {
        if (dynamic.isEmpty()) {
            return kv.list(caller, namespace);
        }
        List<VirtualSecret> all = new ArrayList<>();
        for (VirtualSecret secret : kv.list(caller, namespace)) {
            if (!isDynamic(secret.getMetadata().getName())) {
                all.add(secret);
            }
        }
        for (DynamicSecretStorage source : dynamic) {
            all.addAll(source.list(caller, namespace));
        }
        all.sort(Comparator.comparing((VirtualSecret s) -> s.getMetadata().getNamespace())
                .thenComparing(s -> s.getMetadata().getName()));
        return all;
    }

    @Override
    public List<VirtualSecret> list(CallerIdentity caller, String namespace, String name) {
        return name == null ? list(caller, namespace) : route(name).list(caller, namespace, name);
    }

    @Override
    public VirtualSecret create(CallerIdentity caller, VirtualSecret secret, boolean dryRun) {
        return route(secret.getMetadata().getName()).create(caller, secret, dryRun);
    }

    @Override
    public VirtualSecret update(CallerIdentity caller, VirtualSecret secret, boolean dryRun) {
        return route(secret.getMetadata().getName()).update(caller, secret, dryRun);
    }

    @Override
    public VirtualSecret delete(CallerIdentity caller, String namespace, String name, String expectedResourceVersion,
                                boolean dryRun) {
        return route(name).delete(caller, namespace, name, expectedResourceVersion, dryRun);
    }

    @Override
    public boolean canRead(CallerIdentity caller, String namespace, String name) {
        return route(name).canRead(caller, namespace, name);
    }

    /** KV v2 only (dynamic sources announce their own changes), without the shadowed KV secrets. */
    @Override
    public Map<String, Long> resourceVersions(CallerIdentity caller, String namespace, String name) {
        if (name != null) {
            return route(name).resourceVersions(caller, namespace, name);
        }
        Map<String, Long> versions = new TreeMap<>(kv.resourceVersions(caller, namespace, null));
        versions.keySet().removeIf(key -> isDynamic(key.substring(key.indexOf('/') + 1)));
        return versions;
    }

    @Override
    public void requireWritable(String namespace, String name) {
        route(name).requireWritable(namespace, name);
    }

    @Override
    public boolean announcesChanges(String name) {
        return route(name).announcesChanges(name);
    }
}
