package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.registry.rest.Creater;
import dev.virtualsecrets.server.registry.rest.Deleter;
import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.registry.rest.Lister;
import dev.virtualsecrets.server.registry.rest.Storage;
import dev.virtualsecrets.server.registry.rest.Updater;
import dev.virtualsecrets.server.registry.rest.Watcher;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which storage serves which VirtualSecret: a name a dynamic source serves (e.g. {@code db-app},
 * {@code tls-web}) goes there, every other name to the KV v2 catch-all. Lists and watches span all
 * sources; a KV secret whose name a dynamic source serves is shadowed: not listed, not polled.
 */
public final class SourceRouter implements Lister, Watcher {

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
        if (options.name().isPresent()) {
            return storageFor(options.name().get()) instanceof Lister lister
                    ? lister.list(caller, namespace, options) : List.of();
        }
        List<VirtualSecret> all = new ArrayList<>();
        if (catchAll instanceof Lister lister) {
            for (VirtualSecret secret : lister.list(caller, namespace, options)) {
                if (!shadows(secret.getMetadata().getName())) {
                    all.add(secret);
                }
            }
        }
        for (NamedSource source : named) {
            if (source instanceof Lister lister) {
                all.addAll(lister.list(caller, namespace, options));
            }
        }
        all.sort(Comparator.comparing((VirtualSecret s) -> s.getMetadata().getNamespace())
                .thenComparing(s -> s.getMetadata().getName()));
        return all;
    }

    @Override
    public boolean visibleTo(CallerIdentity caller, String namespace, String name) {
        return storageFor(name) instanceof Watcher watcher && watcher.visibleTo(caller, namespace, name);
    }
}
