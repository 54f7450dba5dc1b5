package dev.virtualsecrets.server.registry.kv;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecretSource;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.meta.CreateOptions;
import dev.virtualsecrets.server.meta.DeleteOptions;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.meta.UpdateOptions;
import dev.virtualsecrets.server.registry.ObjectNames;
import dev.virtualsecrets.server.registry.Preconditions;
import dev.virtualsecrets.server.registry.rest.Creater;
import dev.virtualsecrets.server.registry.rest.Deleter;
import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.registry.rest.Lister;
import dev.virtualsecrets.server.registry.rest.MetadataGetter;
import dev.virtualsecrets.server.registry.rest.MetadataLister;
import dev.virtualsecrets.server.registry.rest.PagedLister;
import dev.virtualsecrets.server.registry.rest.Updater;
import dev.virtualsecrets.server.registry.rest.Watcher;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.VaultSessions;
import dev.virtualsecrets.server.vault.kv.CheckAndSetMismatchException;
import dev.virtualsecrets.server.vault.kv.KeyValueV2;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchEvent;
import dev.virtualsecrets.server.watch.WatchHub;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.springframework.vault.support.Versioned;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static dev.virtualsecrets.server.registry.rest.VirtualSecretResource.GROUP_RESOURCE;

/**
 * VirtualSecrets kept in a KV v2 mount, one KV secret per VirtualSecret, read and written with the
 * caller's Vault client. Data keys are the KV keys (values per {@link KvValueCodec}); type, labels
 * and annotations sit in {@code custom_metadata} (see {@link KvCustomMetadata}).
 *
 * <p>Identity: {@code uid} is derived from mount, path and the KV secret's {@code created_time},
 * so every replica agrees and a deleted-and-recreated secret gets a new one. {@code
 * resourceVersion} is the creation time of the current KV version in microseconds, and every
 * write uses KV check-and-set on the version read before, so concurrent writers lose cleanly.
 *
 * <p>Writes: everything is validated before the first Vault write. Then the data is written
 * (with check-and-set: this is the step that can lose a race), and only then the custom metadata.
 * In the other order a writer losing the check-and-set would already have replaced the winner's
 * labels. The price is a short window where readers see the new data with the previous labels, or
 * (if Vault fails between the two writes) the new data with the previous labels until the next
 * write. Within this process {@link PathLocks} closes that window: a GET (what a patch is built on)
 * never sees one write half done. A soft-deleted or destroyed current version counts as absent.
 *
 * <p>Metadata-only reads ({@link MetadataGetter}, {@link MetadataLister}) use the KV metadata
 * endpoint alone: everything a PartialObjectMetadata shows is there, and no value is read.
 */
public final class KvV2Storage implements Getter, PagedLister, MetadataGetter, Creater, Updater, Deleter,
        Watcher, KvVersions, AutoCloseable {

    private static final int UNCONDITIONAL_UPDATE_ATTEMPTS = 3;
    /** Vault reads one LIST may have in flight at once. */
    private static final int LIST_READ_CONCURRENCY = 16;

    private final VaultPathMapper paths;
    private final VaultSessions vault;
    private final ResourceVersionClock clock;
    private final WatchHub hub;
    private final KvObjects objects;
    private final PathLocks locks = new PathLocks();
    /** Virtual threads for Vault reads that run side by side. */
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

    public KvV2Storage(KvV2Source source, VaultSessions vault, ResourceVersionClock clock, WatchHub hub) {
        this.paths = new VaultPathMapper(source);
        this.vault = vault;
        this.clock = clock;
        this.objects = new KvObjects(paths, clock);
        this.hub = hub;
    }

    @Override
    public String engine() {
        return VirtualSecretSource.ENGINE_KV_V2;
    }

    /** Stops the virtual threads of reads still running (the server is stopping). */
    @Override
    public void close() {
        readers.shutdownNow();
    }

    @Override
    public VirtualSecret get(CallerIdentity caller, String namespace, String name, GetOptions options) {
        String path = existingPath(namespace, name);
        KvSession session = session(caller, "get", namespace, name);
        KvSecret secret = locks.reading(path, () -> session.read(path));
        if (secret == null) {
            throw ApiErrors.notFound(GROUP_RESOURCE, name);
        }
        return objects.toObject(namespace, name, path, secret);
    }

    @Override
    public List<VirtualSecret> list(CallerIdentity caller, String namespace, ListOptions options) {
        KvSession session = session(caller, "list", namespace, null);
        List<VirtualSecret> items = acrossNamespaces(session, namespace, child -> readEach(session, child,
                (key, path) -> objectAt(session, child, key, path)));
        items.sort(Comparator.comparing((VirtualSecret s) -> s.getMetadata().getNamespace())
                .thenComparing(s -> s.getMetadata().getName()));
        return items;
    }

    @Override
    public V1ObjectMeta getMetadata(CallerIdentity caller, String namespace, String name, GetOptions options) {
        String path = existingPath(namespace, name);
        KvMetadata metadata = session(caller, "get", namespace, name).readMetadata(path);
        if (metadata == null || !metadata.currentVersionLive()) {
            throw ApiErrors.notFound(GROUP_RESOURCE, name);
        }
        return objects.toObjectMeta(namespace, name, path, metadata);
    }

    @Override
    public List<V1ObjectMeta> listMetadata(CallerIdentity caller, String namespace, ListOptions options) {
        KvSession session = session(caller, "list", namespace, null);
        List<V1ObjectMeta> items = acrossNamespaces(session, namespace, child -> readEach(session, child,
                (key, path) -> metadataAt(session, child, key, path)));
        items.sort(Comparator.comparing(V1ObjectMeta::getNamespace).thenComparing(V1ObjectMeta::getName));
        return items;
    }

    @Override
    public Page<VirtualSecret> listPage(CallerIdentity caller, String namespace, Window window,
                                        Predicate<VirtualSecret> filter) {
        KvSession session = session(caller, "list", namespace, null);
        return readPage(session, namespace, window, filter, (child, key, path) -> objectAt(session, child, key, path));
    }

    @Override
    public Page<V1ObjectMeta> listMetadataPage(CallerIdentity caller, String namespace, Window window,
                                               Predicate<V1ObjectMeta> filter) {
        KvSession session = session(caller, "list", namespace, null);
        return readPage(session, namespace, window, filter,
                (child, key, path) -> metadataAt(session, child, key, path));
    }

    /** The object at {@code path}; null when there is none. */
    private VirtualSecret objectAt(KvSession session, String namespace, String name, String path) {
        KvSecret secret = session.read(path);
        return secret == null ? null : objects.toObject(namespace, name, path, secret);
    }

    /** The metadata of the object at {@code path}, read without its values; null when there is none. */
    private V1ObjectMeta metadataAt(KvSession session, String namespace, String name, String path) {
        KvMetadata metadata = session.readMetadata(path);
        return metadata == null || !metadata.currentVersionLive() ? null
                : objects.toObjectMeta(namespace, name, path, metadata);
    }

    /** Reads one object; null when it is gone. */
    @FunctionalInterface
    private interface KeyReader<T> {
        T read(String namespace, String name, String path);
    }

    /**
     * The keys from the window's start (listed in one Vault call per namespace, which is cheap),
     * then the objects behind them, a batch at a time, until {@code limit + 1} match or the keys end.
     */
    private <T> Page<T> readPage(KvSession session, String namespace, Window window, Predicate<T> filter,
                                 KeyReader<T> reader) {
        List<String[]> keys = keysFrom(session, namespace, window.start());
        List<T> matched = new ArrayList<>();
        int position = 0;
        int last = -1;
        while (position < keys.size() && last < 0) {
            int wanted = window.limit() + 1 - matched.size();
            int batch = Math.min(keys.size() - position, Math.max(wanted, LIST_READ_CONCURRENCY));
            List<Future<T>> reads = new ArrayList<>();
            for (String[] key : keys.subList(position, position + batch)) {
                reads.add(readers.submit(() -> {
                    try {
                        return reader.read(key[0], key[1], paths.path(key[0], key[1]));
                    } catch (ApiException e) {
                        if (ApiErrors.isForbidden(e)) {
                            return null;
                        }
                        throw e;
                    }
                }));
            }
            for (int i = 0; i < reads.size(); i++) {
                T item = KvSession.join(reads.get(i));
                if (last < 0 && item != null && filter.test(item)) {
                    matched.add(item);
                    if (matched.size() == window.limit() + 1) {
                        last = position + i;
                    }
                }
            }
            position += batch;
        }
        return new Page<>(matched, last < 0 ? 0 : keys.size() - last - 1);
    }

    /** The namespace itself, or (null) every namespace of the mount that {@code wanted} accepts. */
    private List<String> namespaces(KvSession session, String namespace, Predicate<String> wanted) {
        if (namespace != null) {
            return List.of(namespace);
        }
        List<String> namespaces = new ArrayList<>();
        for (String folder : session.list(paths.allNamespacesPrefix())) {
            String child = paths.namespaceOfFolder(folder);
            if (child != null && wanted.test(child)) {
                namespaces.add(child);
            }
        }
        return namespaces;
    }

    /** The {namespace, name} keys from {@code start} on, in key order; namespaces the caller may not list left out. */
    private List<String[]> keysFrom(KvSession session, String namespace, String start) {
        List<String[]> keys = new ArrayList<>();
        for (String child : namespaces(session, namespace, child -> start == null
                || (child + "/").compareTo(start) >= 0 || start.startsWith(child + "/"))) {
            List<String> names = namespace != null ? session.list(paths.namespacePrefix(child))
                    : visibleNamespace(() -> session.list(paths.namespacePrefix(child)));
            for (String name : names) {
                if (!name.endsWith("/") && ObjectNames.validateName(name).isEmpty()
                        && (start == null || (child + "/" + name).compareTo(start) >= 0)) {
                    keys.add(new String[] {child, name});
                }
            }
        }
        keys.sort(Comparator.comparing((String[] key) -> key[0] + "/" + key[1]));
        return keys;
    }

    /**
     * What {@code readNamespace} finds in the namespace, or in every namespace ({@code namespace ==
     * null}; one the caller's Vault policy may not list is left out). The handler applies the selectors.
     */
    private <T> List<T> acrossNamespaces(KvSession session, String namespace, Function<String, List<T>> readNamespace) {
        List<T> all = new ArrayList<>();
        if (namespace != null) {
            all.addAll(readNamespace.apply(namespace));
        } else {
            for (String folder : session.list(paths.allNamespacesPrefix())) {
                String child = paths.namespaceOfFolder(folder);
                if (child != null) {
                    all.addAll(visibleNamespace(() -> readNamespace.apply(child)));
                }
            }
        }
        return all;
    }

    @Override
    public VirtualSecret create(CallerIdentity caller, VirtualSecret secret, CreateOptions options) {
        KvWrite write = KvWrite.of(secret, paths);
        return locks.writing(write.path(), () -> create(caller, write, options.dryRun()));
    }

    private VirtualSecret create(CallerIdentity caller, KvWrite write, boolean dryRun) {
        KvSession session = session(caller, "create", write.namespace(), write.name());
        KvMetadata existing = session.readMetadata(write.path());
        if (existing != null && existing.currentVersionLive()) {
            throw ApiErrors.alreadyExists(GROUP_RESOURCE, write.name());
        }
        long cas = existing == null ? 0 : existing.currentVersion();
        VirtualSecret created;
        try {
            created = write(session, write, existing, cas, dryRun);
        } catch (CheckAndSetMismatchException e) {
            throw ApiErrors.alreadyExists(GROUP_RESOURCE, write.name());
        }
        publish(WatchEvent.Type.ADDED, created, null, dryRun);
        return created;
    }

    @Override
    public VirtualSecret update(CallerIdentity caller, VirtualSecret secret, UpdateOptions options) {
        KvWrite write = KvWrite.of(secret, paths);
        String expected = secret.getMetadata().getResourceVersion();
        return locks.writing(write.path(), () -> update(caller, write, expected, options.dryRun()));
    }

    private VirtualSecret update(CallerIdentity caller, KvWrite write, String expected, boolean dryRun) {
        boolean conditional = expected != null && !expected.isEmpty();
        long expectedVersion = ResourceVersionClock.parse(expected);
        KvSession session = session(caller, "update", write.namespace(), write.name());
        for (int attempt = 1; ; attempt++) {
            // The whole previous state: a watch whose selector no longer matches gets it as DELETED.
            KvSecret previous = session.read(write.path());
            if (previous == null) {
                throw ApiErrors.notFound(GROUP_RESOURCE, write.name());
            }
            KvMetadata existing = previous.metadata();
            if (conditional && expectedVersion != existing.resourceVersion()) {
                throw ApiErrors.staleResourceVersion(GROUP_RESOURCE, write.name());
            }
            if (write.matches(previous)) {
                // Nothing to write: no new KV version (GitOps re-applies keep the history), no event.
                return objects.toObject(write.namespace(), write.name(), write.path(), previous);
            }
            try {
                VirtualSecret updated = write(session, write, existing, existing.currentVersion(), dryRun);
                publish(WatchEvent.Type.MODIFIED, updated,
                        objects.toObject(write.namespace(), write.name(), write.path(), previous), dryRun);
                return updated;
            } catch (CheckAndSetMismatchException e) {
                // An update without resourceVersion is unconditional: re-read and try again.
                if (conditional || attempt == UNCONDITIONAL_UPDATE_ATTEMPTS) {
                    throw ApiErrors.staleResourceVersion(GROUP_RESOURCE, write.name());
                }
            }
        }
    }

    @Override
    public VirtualSecret delete(CallerIdentity caller, String namespace, String name, DeleteOptions options) {
        String path = existingPath(namespace, name);
        return locks.writing(path, () -> delete(caller, namespace, name, path, options));
    }

    private VirtualSecret delete(CallerIdentity caller, String namespace, String name, String path,
                                 DeleteOptions options) {
        boolean dryRun = options.dryRun();
        KvSession session = session(caller, "delete", namespace, name);
        KvSecret secret = session.read(path);
        if (secret == null) {
            throw ApiErrors.notFound(GROUP_RESOURCE, name);
        }
        VirtualSecret deleted = objects.toObject(namespace, name, path, secret);
        Preconditions.check(deleted, options);
        if (!dryRun) {
            session.call(() -> {
                session.kv().deleteMetadataAndAllVersions(path);
                return null;
            });
            // The event carries the deletion's own resourceVersion; the caller gets the last state.
            long version = clock.next();
            VirtualSecret gone = objects.toObject(namespace, name, path, secret);
            gone.getMetadata().setResourceVersion(Long.toString(version));
            hub.publish(new WatchEvent(WatchEvent.Type.DELETED, version, gone));
        }
        return deleted;
    }


    private void publish(WatchEvent.Type type, VirtualSecret secret, VirtualSecret previous, boolean dryRun) {
        if (!dryRun) {
            hub.publish(new WatchEvent(type, ResourceVersionClock.parse(secret.getMetadata().getResourceVersion()),
                    secret, previous));
        }
    }

    @Override
    public boolean visibleTo(CallerIdentity caller, String namespace, String name) {
        String path = existingPath(namespace, name);
        KvSession session = session(caller, "watch", namespace, name);
        List<String> capabilities = session.call(() -> session.kv().dataCapabilities(path));
        return capabilities.contains("read") || capabilities.contains("root");
    }

    @Override
    public Map<String, Long> resourceVersions(CallerIdentity caller, String namespace, String name) {
        KvSession session = session(caller, "watch", namespace, name);
        Map<String, Long> versions = new TreeMap<>();
        if (name != null) {
            KvMetadata metadata = session.readMetadata(existingPath(namespace, name));
            if (metadata != null && metadata.currentVersionLive()) {
                versions.put(namespace + "/" + name, metadata.resourceVersion());
            }
            return versions;
        }
        for (String child : namespaces(session, namespace, child -> true)) {
            try {
                versions.putAll(namespaceVersions(session, child));
            } catch (ApiException e) {
                if (!ApiErrors.isForbidden(e) || namespace != null) {
                    throw e;
                }
            }
        }
        return versions;
    }

    /** Metadata of every secret in a namespace; unreadable ones left out. */
    private Map<String, Long> namespaceVersions(KvSession session, String namespace) {
        Map<String, Long> versions = new TreeMap<>();
        for (Map.Entry<String, Long> entry : readEach(session, namespace, (key, path) -> {
            KvMetadata metadata = session.readMetadata(path);
            return metadata == null || !metadata.currentVersionLive() ? null
                    : Map.entry(namespace + "/" + key, metadata.resourceVersion());
        })) {
            versions.put(entry.getKey(), entry.getValue());
        }
        return versions;
    }

    /** In a list across namespaces, a namespace the caller's Vault policy may not list is left out. */
    private static <T> List<T> visibleNamespace(Supplier<List<T>> readNamespace) {
        try {
            return readNamespace.get();
        } catch (ApiException e) {
            if (ApiErrors.isForbidden(e)) {
                return List.of();
            }
            throw e;
        }
    }

    /**
     * Applies {@code read} (key, path) to every secret of a namespace, a few at a time: one Vault
     * round trip each, not one after another. Null results and Vault-policy refusals are left out.
     */
    private <T> List<T> readEach(KvSession session, String namespace, BiFunction<String, String, T> read) {
        List<Future<T>> reads = new ArrayList<>();
        Semaphore inFlight = new Semaphore(LIST_READ_CONCURRENCY);
        for (String key : session.list(paths.namespacePrefix(namespace))) {
            if (key.endsWith("/") || !ObjectNames.validateName(key).isEmpty()) {
                continue;
            }
            String path = paths.path(namespace, key);
            reads.add(readers.submit(() -> {
                inFlight.acquire();
                try {
                    return read.apply(key, path);
                } catch (ApiException e) {
                    if (ApiErrors.isForbidden(e)) {
                        return null;
                    }
                    throw e;
                } finally {
                    inFlight.release();
                }
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> task : reads) {
            T result = KvSession.join(task);
            if (result != null) {
                results.add(result);
            }
        }
        return results;
    }



    private VirtualSecret write(KvSession session, KvWrite write, KvMetadata existing, long cas, boolean dryRun) {
        Instant versionCreated;
        long version;
        if (dryRun) {
            versionCreated = Instant.ofEpochSecond(0, clock.next() * 1_000L);
            version = cas + 1;
        } else {
            Versioned.Metadata written = session.writeData(write.path(), write.data(), cas);
            versionCreated = written.getCreatedAt();
            version = written.getVersion().getVersion();
            session.call(() -> {
                session.kv().writeCustomMetadata(write.path(), write.customMetadata());
                return null;
            });
        }
        Instant secretCreated = existing != null ? existing.createdTime() : versionCreated;
        KvMetadata metadata = new KvMetadata(version, true, secretCreated, versionCreated, write.customMetadata());
        return objects.toObject(write.namespace(), write.name(), write.path(), new KvSecret(metadata, write.data()));
    }


    /** Reads and deletes address names that cannot be valid as absent: nothing could exist there. */
    private String existingPath(String namespace, String name) {
        if (namespace == null || name == null || !ObjectNames.validateNamespace(namespace).isEmpty()
                || !ObjectNames.validateName(name).isEmpty()) {
            throw ApiErrors.notFound(GROUP_RESOURCE, name);
        }
        return paths.path(namespace, name);
    }

    private KvSession session(CallerIdentity caller, String verb, String namespace, String name) {
        return new KvSession(new KeyValueV2(vault.forCaller(caller), paths.source().mount()), readers, caller, verb,
                namespace, name);
    }





}
