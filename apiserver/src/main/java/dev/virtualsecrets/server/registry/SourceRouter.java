package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.registry.rest.Creater;
import dev.virtualsecrets.server.registry.rest.Deleter;
import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.registry.rest.Lister;
import dev.virtualsecrets.server.registry.rest.MetadataLister;
import dev.virtualsecrets.server.registry.rest.PagedLister;
import dev.virtualsecrets.server.registry.rest.Storage;
import dev.virtualsecrets.server.registry.rest.Updater;
import dev.virtualsecrets.server.registry.rest.Watcher;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Which storage serves which VirtualSecret: a name a dynamic source serves (e.g. {@code db-app},
 * {@code tls-web}) goes there, every other name to the KV v2 catch-all. Lists and watches span all
 * sources; a KV secret whose name a dynamic source serves is shadowed: not listed, not polled.
 */
public final class SourceRouter implements PagedLister, Watcher {

    private final Storage catchAll;
    private final List<NamedSource> named;

    public SourceRouter(Storage catchAll, List<? extends NamedSource> named) {
        this.catchAll = catchAll;
        this.named = List.copyOf(named);
    }

    /** The storage of the object {@code name}; the verbs it supports are the interfaces it implements. */
    public Storage storageFor(String name) {
        for (NamedSource source : named) {
            if (source.serves(name)) {
                return source;
            }
        }
        return catchAll;
    }

    /** Whether a KV secret of this name is hidden behind a dynamic source. */
    public boolean shadows(String name) {
        return storageFor(name) != catchAll;
    }

    /** The verbs some source supports, as discovery lists them. */
    public Set<String> verbs() {
        Set<String> verbs = new TreeSet<>(verbsOf(catchAll));
        named.forEach(source -> verbs.addAll(verbsOf(source)));
        return verbs;
    }

    /** The verbs of one storage: each follows from an interface ({@code patch} needs get and update). */
    public static Set<String> verbsOf(Storage storage) {
        Set<String> verbs = new TreeSet<>();
        if (storage instanceof Getter) {
            verbs.add("get");
        }
        if (storage instanceof Lister) {
            verbs.add("list");
        }
        if (storage instanceof Watcher) {
            verbs.add("watch");
        }
        if (storage instanceof Creater) {
            verbs.add("create");
        }
        if (storage instanceof Updater) {
            verbs.add("update");
        }
        if (storage instanceof Getter && storage instanceof Updater) {
            verbs.add("patch");
        }
        if (storage instanceof Deleter) {
            verbs.add("delete");
        }
        return verbs;
    }

    @Override
    public String engine() {
        return catchAll.engine();
    }

    @Override
    public List<VirtualSecret> list(CallerIdentity caller, String namespace, ListOptions options) {
        return listAll(Lister.class, options, VirtualSecret::getMetadata,
                lister -> lister.list(caller, namespace, options));
    }

    @Override
    public List<V1ObjectMeta> listMetadata(CallerIdentity caller, String namespace, ListOptions options) {
        return listAll(MetadataLister.class, options, Function.identity(),
                lister -> lister.listMetadata(caller, namespace, options));
    }

    /**
     * The items of every source that lists them (only the named object's source when the field
     * selector names one), without shadowed KV secrets, sorted by namespace and name.
     */
    private <L, T> List<T> listAll(Class<L> lister, ListOptions options, Function<T, V1ObjectMeta> metadata,
                                   Function<L, List<T>> list) {
        if (options.name().isPresent()) {
            Storage storage = storageFor(options.name().get());
            return lister.isInstance(storage) ? list.apply(lister.cast(storage)) : List.of();
        }
        List<T> all = new ArrayList<>();
        if (lister.isInstance(catchAll)) {
            for (T item : list.apply(lister.cast(catchAll))) {
                if (!shadows(metadata.apply(item).getName())) {
                    all.add(item);
                }
            }
        }
        for (NamedSource source : named) {
            if (lister.isInstance(source)) {
                all.addAll(list.apply(lister.cast(source)));
            }
        }
        all.sort(Comparator.comparing((T item) -> metadata.apply(item).getNamespace())
                .thenComparing(item -> metadata.apply(item).getName()));
        return all;
    }

    /**
     * A page across sources: the KV catch-all reads only the window (when it can; shadowed names
     * never match), the dynamic sources list what the caller holds (in memory); merged in key order.
     */
    @Override
    public Page<VirtualSecret> listPage(CallerIdentity caller, String namespace, Window window,
                                        Predicate<VirtualSecret> filter) {
        return pageAll(window, filter, VirtualSecret::getMetadata,
                paged -> paged.listPage(caller, namespace, window, item -> !shadows(item.getMetadata().getName())
                        && filter.test(item)),
                () -> list(caller, namespace, ListOptions.everything()), Lister.class,
                lister -> lister.list(caller, namespace, ListOptions.everything()));
    }

    @Override
    public Page<V1ObjectMeta> listMetadataPage(CallerIdentity caller, String namespace, Window window,
                                               Predicate<V1ObjectMeta> filter) {
        return pageAll(window, filter, Function.identity(),
                paged -> paged.listMetadataPage(caller, namespace, window, item -> !shadows(item.getName())
                        && filter.test(item)),
                () -> listMetadata(caller, namespace, ListOptions.everything()), MetadataLister.class,
                lister -> lister.listMetadata(caller, namespace, ListOptions.everything()));
    }

    private <L, T> Page<T> pageAll(Window window, Predicate<T> filter, Function<T, V1ObjectMeta> metadata,
                                   Function<PagedLister, Page<T>> catchAllPage, Supplier<List<T>> everything,
                                   Class<L> lister, Function<L, List<T>> list) {
        Function<T, String> key = item -> metadata.apply(item).getNamespace() + "/" + metadata.apply(item).getName();
        Predicate<T> inWindow = item -> (window.start() == null || key.apply(item).compareTo(window.start()) >= 0)
                && filter.test(item);
        if (!(catchAll instanceof PagedLister paged)) {
            List<T> all = everything.get().stream().filter(inWindow).toList();
            int end = Math.min(all.size(), window.limit() + 1);
            return new Page<>(all.subList(0, end), all.size() - end);
        }
        Page<T> kv = catchAllPage.apply(paged);
        List<T> merged = new ArrayList<>(kv.items());
        for (NamedSource source : named) {
            if (lister.isInstance(source)) {
                list.apply(lister.cast(source)).stream().filter(inWindow).forEach(merged::add);
            }
        }
        merged.sort(Comparator.comparing(key));
        int end = Math.min(merged.size(), window.limit() + 1);
        return new Page<>(List.copyOf(merged.subList(0, end)), merged.size() - end + kv.keysAfter());
    }

    @Override
    public boolean visibleTo(CallerIdentity caller, String namespace, String name) {
        return storageFor(name) instanceof Watcher watcher && watcher.visibleTo(caller, namespace, name);
    }
}
