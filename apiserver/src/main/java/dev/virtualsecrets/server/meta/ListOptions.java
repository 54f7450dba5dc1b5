package dev.virtualsecrets.server.meta;

import dev.virtualsecrets.server.selector.FieldSelector;
import dev.virtualsecrets.server.selector.LabelSelector;

import java.time.Duration;
import java.util.Optional;

/**
 * meta/v1 ListOptions of a list or a watch.
 *
 * @param resourceVersion      null when unset
 * @param resourceVersionMatch null when unset
 * @param limit                null when unset
 * @param continueToken        null when unset
 * @param timeout              the watch's timeoutSeconds; null when unset
 * @param sendInitialEvents    null when unset
 */
public record ListOptions(LabelSelector labelSelector, FieldSelector fieldSelector, String resourceVersion,
                          ResourceVersionMatch resourceVersionMatch, Long limit, String continueToken,
                          Duration timeout, boolean allowWatchBookmarks, Boolean sendInitialEvents) {

    public static ListOptions everything() {
        return new ListOptions(LabelSelector.everything(), FieldSelector.everything(), null, null, null, null, null,
                false, null);
    }

    /** The one object the field selector names with {@code metadata.name=}, if any. */
    public Optional<String> name() {
        return fieldSelector.exactName();
    }

    /** WatchList: initial ADDED events, then a bookmark that ends them. */
    public boolean watchList() {
        return Boolean.TRUE.equals(sendInitialEvents);
    }
}
