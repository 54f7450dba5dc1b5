package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecretSource;
import dev.virtualsecrets.api.VirtualSecretSpec;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.meta.CreateOptions;
import dev.virtualsecrets.server.meta.DeleteOptions;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.meta.UpdateOptions;
import dev.virtualsecrets.server.registry.Preconditions;
import dev.virtualsecrets.server.registry.rest.Creater;
import dev.virtualsecrets.server.registry.rest.Deleter;
import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.registry.rest.Lister;
import dev.virtualsecrets.server.registry.rest.MetadataGetter;
import dev.virtualsecrets.server.registry.rest.MetadataLister;
import dev.virtualsecrets.server.registry.rest.Updater;
import dev.virtualsecrets.server.registry.rest.Watcher;
import dev.virtualsecrets.server.testsupport.HelidonTestServer;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchEvent;
import dev.virtualsecrets.server.watch.WatchHub;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.virtualsecrets.server.registry.rest.VirtualSecretResource.GROUP_RESOURCE;

/**
 * A storage with every verb, keeping objects in a map the way KV v2 keeps them in Vault: a new
 * resourceVersion per write, a resourceVersion precondition on update, delete preconditions, dry
 * runs that change nothing, its changes published to the watch hub. Records what each call received.
 */
final class InMemoryStorage implements Getter, Lister, MetadataGetter, MetadataLister, Creater, Updater, Deleter,
        Watcher {

    /** One call: the verb, the object's name, the options and (for writes) the object the storage was given. */
    record Call(String verb, String name, Object options, VirtualSecret object) {

        <T> T options(Class<T> type) {
            return type.cast(options);
        }
    }

    private static final ObjectCodec CODEC = new ObjectCodec(HelidonTestServer.JSON);

    final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Who each read or delete was made as, in order: the identity Vault would have seen. */
    final List<CallerIdentity> callers = new CopyOnWriteArrayList<>();
    private final Map<String, VirtualSecret> objects = new TreeMap<>();
    private final ResourceVersionClock versions;
    private final WatchHub hub;

    InMemoryStorage(ResourceVersionClock versions, WatchHub hub) {
        this.versions = versions;
        this.hub = hub;
    }

    /** An Opaque object with one key, written as a client's create would. */
    /** Another writer adds a label: a new version, straight in the store, no call recorded. */
    synchronized void bump(String namespace, String name, String label, String value) {
        String key = namespace + "/" + name;
        VirtualSecret next = copy(objects.get(key));
        Map<String, String> labels = new TreeMap<>(next.getMetadata().getLabels() == null ? Map.of()
                : next.getMetadata().getLabels());
        labels.put(label, value);
        next.getMetadata().labels(labels).resourceVersion(Long.toString(versions.next()));
        objects.put(key, next);
    }

    VirtualSecret put(String namespace, String name) {
        VirtualSecret secret = new VirtualSecret().apiVersion(VirtualSecrets.API_VERSION).kind(VirtualSecrets.KIND)
                .metadata(new V1ObjectMeta().namespace(namespace).name(name)).type(VirtualSecrets.TYPE_OPAQUE)
                .data(Map.of("password", "s3cr3t".getBytes(StandardCharsets.UTF_8)));
        VirtualSecret created = create(null, secret, CreateOptions.DEFAULT);
        calls.clear();
        return created;
    }

    /** The last call of this verb. */
    Call last(String verb) {
        return calls.reversed().stream().filter(call -> call.verb().equals(verb)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + verb + " reached the storage: " + calls));
    }

    @Override
    public String engine() {
        return VirtualSecretSource.ENGINE_KV_V2;
    }

    @Override
    public synchronized VirtualSecret get(CallerIdentity caller, String namespace, String name, GetOptions options) {
        callers.add(caller);
        calls.add(new Call("get", name, options, null));
        VirtualSecret secret = objects.get(namespace + "/" + name);
        if (secret == null) {
            throw ApiErrors.notFound(GROUP_RESOURCE, name);
        }
        return secret;
    }

    @Override
    public synchronized List<VirtualSecret> list(CallerIdentity caller, String namespace, ListOptions options) {
        callers.add(caller);
        calls.add(new Call("list", null, options, null));
        return objects.values().stream()
                .filter(secret -> namespace == null || namespace.equals(secret.getMetadata().getNamespace()))
                .toList();
    }

    @Override
    public synchronized V1ObjectMeta getMetadata(CallerIdentity caller, String namespace, String name,
                                                 GetOptions options) {
        callers.add(caller);
        calls.add(new Call("getMetadata", name, options, null));
        VirtualSecret secret = objects.get(namespace + "/" + name);
        if (secret == null) {
            throw ApiErrors.notFound(GROUP_RESOURCE, name);
        }
        return secret.getMetadata();
    }

    @Override
    public synchronized List<V1ObjectMeta> listMetadata(CallerIdentity caller, String namespace, ListOptions options) {
        callers.add(caller);
        calls.add(new Call("listMetadata", null, options, null));
        return objects.values().stream()
                .filter(secret -> namespace == null || namespace.equals(secret.getMetadata().getNamespace()))
                .map(VirtualSecret::getMetadata)
                .toList();
    }

    @Override
    public synchronized VirtualSecret create(CallerIdentity caller, VirtualSecret secret, CreateOptions options) {
        String name = secret.getMetadata().getName();
        calls.add(new Call("create", name, options, secret));
        String key = secret.getMetadata().getNamespace() + "/" + name;
        if (objects.containsKey(key)) {
            throw ApiErrors.alreadyExists(GROUP_RESOURCE, name);
        }
        long version = versions.next();
        VirtualSecret stored = copy(secret);
        stored.getMetadata().uid(UUID.randomUUID().toString()).resourceVersion(Long.toString(version))
                .creationTimestamp(OffsetDateTime.of(2026, 12, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        stored.spec(new VirtualSecretSpec().source(new VirtualSecretSource().engine(engine()).path(key)));
        if (!options.dryRun()) {
            objects.put(key, stored);
            hub.publish(new WatchEvent(WatchEvent.Type.ADDED, version, stored));
        }
        return stored;
    }

    /** Concurrent writers: each runs (and is used up) just before an update, as if it wrote first. */
    final java.util.Deque<Runnable> writersBeforeUpdate = new java.util.ArrayDeque<>();

    @Override
    public synchronized VirtualSecret update(CallerIdentity caller, VirtualSecret secret, UpdateOptions options) {
        String name = secret.getMetadata().getName();
        calls.add(new Call("update", name, options, secret));
        Runnable concurrentWriter = writersBeforeUpdate.poll();
        if (concurrentWriter != null) {
            concurrentWriter.run();
        }
        String key = secret.getMetadata().getNamespace() + "/" + name;
        VirtualSecret live = objects.get(key);
        if (live == null) {
            throw ApiErrors.notFound(GROUP_RESOURCE, name);
        }
        String precondition = secret.getMetadata().getResourceVersion();
        if (precondition != null && !precondition.isEmpty()
                && !precondition.equals(live.getMetadata().getResourceVersion())) {
            throw ApiErrors.staleResourceVersion(GROUP_RESOURCE, name);
        }
        long version = versions.next();
        VirtualSecret stored = copy(secret);
        stored.getMetadata().uid(live.getMetadata().getUid()).resourceVersion(Long.toString(version))
                .creationTimestamp(live.getMetadata().getCreationTimestamp());
        stored.spec(live.getSpec());
        if (!options.dryRun()) {
            objects.put(key, stored);
            hub.publish(new WatchEvent(WatchEvent.Type.MODIFIED, version, stored, live));
        }
        return stored;
    }

    @Override
    public synchronized VirtualSecret delete(CallerIdentity caller, String namespace, String name,
                                             DeleteOptions options) {
        callers.add(caller);
        calls.add(new Call("delete", name, options, null));
        VirtualSecret live = objects.get(namespace + "/" + name);
        if (live == null) {
            throw ApiErrors.notFound(GROUP_RESOURCE, name);
        }
        Preconditions.check(live, options);
        if (!options.dryRun()) {
            objects.remove(namespace + "/" + name);
            hub.publish(new WatchEvent(WatchEvent.Type.DELETED, versions.next(), live));
        }
        return live;
    }

    /** What is stored is not what the caller holds: the recorded calls keep what the storage was given. */
    private static VirtualSecret copy(VirtualSecret secret) {
        return CODEC.fromTree(CODEC.toTree(secret));
    }

    @Override
    public boolean visibleTo(CallerIdentity caller, String namespace, String name) {
        return true;
    }
}
