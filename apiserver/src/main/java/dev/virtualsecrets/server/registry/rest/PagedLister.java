package dev.virtualsecrets.server.registry.rest;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link Lister} that reads only what one page of a list needs, in {@code namespace/name} order,
 * instead of every object of the namespace: a list with {@code limit} reads about {@code limit}
 * objects from Vault, not all of them.
 */
public interface PagedLister extends Lister, MetadataLister {

    /**
     * @param start the smallest {@code namespace/name} key to return (null: from the first)
     * @param limit how many objects the page holds (one more is read, to know whether more follow)
     */
    record Window(String start, int limit) {
    }

    /**
     * @param items     the objects from the window's start that match, in key order: at most
     *                  {@code limit + 1}, and fewer only when there are no more
     * @param keysAfter how many keys follow the last item (objects not read; an estimate, as some may
     *                  be unreadable)
     */
    record Page<T>(List<T> items, long keysAfter) {
    }

    Page<VirtualSecret> listPage(CallerIdentity caller, String namespace, Window window,
                                 Predicate<VirtualSecret> filter);

    Page<V1ObjectMeta> listMetadataPage(CallerIdentity caller, String namespace, Window window,
                                        Predicate<V1ObjectMeta> filter);
}
