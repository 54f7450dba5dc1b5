package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.meta.ContinueToken;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.registry.rest.PagedLister;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code limit} and {@code continue} over a list's items, ordered by {@code namespace/name} as
 * etcd orders keys. Each page is read live (there is no snapshot to page through), so a walk sees
 * the objects that exist when each page is read; the token's resourceVersion is answered on every
 * page, as kube-apiserver does. A token older than {@link #TOKEN_LIFETIME} is 410 Expired, as one
 * older than etcd's compaction is for kube-apiserver (every 5 minutes by default).
 */
final class ListPager {

    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    private static final String EXPIRED = "The provided continue parameter is too old to display a consistent list "
            + "result. You can start a new list without the continue parameter, or use the continue token in this "
            + "response to retrieve the remainder of the results. Continuing with the provided token results in an "
            + "inconsistent list - objects that were created, modified, or deleted between the time the first chunk "
            + "was returned and now may show up in the list.";

    private final ContinueToken token;
    private final Long limit;
    private final long listVersion;

    private ListPager(ContinueToken token, Long limit, long listVersion) {
        this.token = token;
        this.limit = limit;
        this.listVersion = listVersion;
    }

    /** The paging that {@code options} ask for, checked before anything is read; {@code now}: the clock's. */
    static ListPager of(ListOptions options, long now) {
        if (options.continueToken() == null) {
            return new ListPager(null, positive(options.limit()), now);
        }
        ContinueToken token = ContinueToken.decode(options.continueToken());
        String resourceVersion = options.resourceVersion();
        if (resourceVersion != null && !resourceVersion.isEmpty() && !"0".equals(resourceVersion)) {
            throw ApiErrors.badRequest("specifying resource version is not allowed when using continue");
        }
        if (token.resourceVersion() < now - TOKEN_LIFETIME.toNanos() / 1_000) {
            throw ApiErrors.expired(EXPIRED);
        }
        return new ListPager(token, positive(options.limit()), token.resourceVersion());
    }

    /** The window a storage that pages itself reads; empty without a limit (everything is listed). */
    Optional<PagedLister.Window> window() {
        return limit == null ? Optional.empty()
                : Optional.of(new PagedLister.Window(token == null ? null : token.start(), limit.intValue()));
    }

    /**
     * This page from a storage's {@link PagedLister.Page} (read from {@link #window()}, filtered);
     * {@code list} gets the resourceVersion, continue and, without selectors, the remaining count.
     */
    <T> List<T> page(PagedLister.Page<T> read, Function<T, V1ObjectMeta> metadata, V1ListMeta list,
                     boolean selectors) {
        list.resourceVersion(Long.toString(listVersion));
        if (read.items().size() <= limit) {
            return read.items();
        }
        List<T> page = read.items().subList(0, limit.intValue());
        V1ObjectMeta last = metadata.apply(page.getLast());
        list.setContinue(ContinueToken.after(listVersion, last.getNamespace() + "/" + last.getName()).encode());
        if (!selectors) {
            list.remainingItemCount(read.items().size() - page.size() + read.keysAfter());
        }
        return page;
    }

    /** This page of {@code items} (already filtered); {@code list} gets the resourceVersion, continue and count. */
    <T> List<T> page(List<T> items, Function<T, V1ObjectMeta> metadata, V1ListMeta list) {
        list.resourceVersion(Long.toString(listVersion));
        Function<T, String> key = item -> metadata.apply(item).getNamespace() + "/" + metadata.apply(item).getName();
        List<T> ordered = items.stream()
                .filter(item -> token == null || key.apply(item).compareTo(token.start()) >= 0)
                .sorted(Comparator.comparing(key))
                .toList();
        if (limit == null || ordered.size() <= limit) {
            return ordered;
        }
        List<T> page = ordered.subList(0, limit.intValue());
        list.setContinue(ContinueToken.after(listVersion, key.apply(page.getLast())).encode());
        list.remainingItemCount((long) (ordered.size() - page.size()));
        return page;
    }

    /** kube-apiserver reads a limit of 0 or less as no limit. */
    private static Long positive(Long limit) {
        return limit == null || limit <= 0 ? null : Math.min(limit, Integer.MAX_VALUE);
    }
}
