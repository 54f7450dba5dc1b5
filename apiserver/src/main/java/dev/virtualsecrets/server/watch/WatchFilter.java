package dev.virtualsecrets.server.watch;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.selector.FieldSelector;
import dev.virtualsecrets.server.selector.LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.Objects;

/**
 * What one watcher asked for: a namespace (null = all), a name (null = any; from the field
 * selector {@code metadata.name}), a label selector and a field selector.
 */
public record WatchFilter(String namespace, String name, LabelSelector labelSelector, FieldSelector fieldSelector) {

    public WatchFilter {
        Objects.requireNonNull(labelSelector, "labelSelector");
        Objects.requireNonNull(fieldSelector, "fieldSelector");
    }

    public static WatchFilter everything() {
        return new WatchFilter(null, null, LabelSelector.everything(), FieldSelector.everything());
    }

    /** The filter of a watch request on {@code namespace} (null = all namespaces). */
    public static WatchFilter of(String namespace, LabelSelector labelSelector, FieldSelector fieldSelector) {
        return new WatchFilter(namespace, fieldSelector.exactName().orElse(null), labelSelector, fieldSelector);
    }

    public boolean matches(VirtualSecret secret) {
        return secret != null && matches(secret.getMetadata());
    }

    /** Namespace, name, labels and fields are all metadata: a metadata-only list is filtered alike. */
    public boolean matches(V1ObjectMeta metadata) {
        if (metadata == null) {
            return false;
        }
        return (namespace == null || namespace.equals(metadata.getNamespace()))
                && (name == null || name.equals(metadata.getName()))
                && labelSelector.matches(metadata.getLabels())
                && fieldSelector.matches(metadata);
    }

    /**
     * The event as this watcher sees it, or null when it must not see it. Like kube-apiserver's
     * watch cache, a MODIFIED object that starts matching is ADDED for this watcher, and one that
     * stops matching is DELETED (carrying its previous state, which the watcher last saw).
     */
    public WatchEvent viewOf(WatchEvent event) {
        boolean now = matches(event.object());
        if (event.type() != WatchEvent.Type.MODIFIED || event.previous() == null) {
            return now ? event : null;
        }
        boolean before = matches(event.previous());
        if (now && before) {
            return event;
        }
        if (now) {
            return new WatchEvent(WatchEvent.Type.ADDED, event.resourceVersion(), event.object(), null, event.audience());
        }
        if (before) {
            return new WatchEvent(WatchEvent.Type.DELETED, event.resourceVersion(), event.previous(), null, event.audience());
        }
        return null;
    }
}
