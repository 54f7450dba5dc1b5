package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.endpoints.responsewriters.WatchStream;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.meta.PartialObjectMetadata;
import dev.virtualsecrets.server.registry.rest.Lister;
import dev.virtualsecrets.server.registry.rest.MetadataLister;
import dev.virtualsecrets.server.table.TableRenderer;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchEvent;
import dev.virtualsecrets.server.watch.WatchFilter;
import dev.virtualsecrets.server.watch.WatchHub;
import dev.virtualsecrets.server.watch.WatchSubscription;
import io.helidon.http.HeaderNames;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Streams watch events as newline-delimited JSON, flushing after each one. Supports resuming from
 * a resourceVersion (410 when too old), bookmarks, timeoutSeconds, the synthetic ADDED events of a
 * watch from "now", and WatchList ({@code sendInitialEvents=true}: initial ADDED events, then a
 * BOOKMARK annotated {@code k8s.io/initial-events-end}). Events carry the object, its Table row, or
 * its PartialObjectMetadata (then the initial events are read without any value, as a metadata list).
 */
public final class WatchResponder {

    static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

    private final Lister storage;
    private final MetadataLister metadataStorage;
    private final WatchHub hub;
    private final ResourceVersionClock clock;
    private final TableRenderer tables;
    private final Responses responses;
    private final Duration bookmarkInterval;
    private final Duration maxTimeout;
    private final WatchVisibility visibility;

    public <S extends Lister & MetadataLister> WatchResponder(S storage, WatchHub hub, ResourceVersionClock clock,
                                                              TableRenderer tables, Responses responses,
                                                              Duration bookmarkInterval, Duration maxTimeout,
                                                              WatchVisibility visibility) {
        this.storage = storage;
        this.metadataStorage = storage;
        this.hub = hub;
        this.clock = clock;
        this.tables = tables;
        this.responses = responses;
        this.bookmarkInterval = bookmarkInterval;
        this.maxTimeout = maxTimeout;
        this.visibility = visibility;
    }

    void watch(Exchange exchange, ListOptions options) {
        ResponseFormat format = ResponseFormat.ofWatch(exchange);
        WatchFilter filter = WatchFilter.of(exchange.info().namespace(), options.labelSelector(),
                options.fieldSelector());
        long since = ResourceVersionClock.parse(options.resourceVersion());
        // Unset or "0" means "the current state, then changes" (synthetic ADDED events), as kube-apiserver does.
        boolean initialState = options.watchList() || since == 0;
        WatchSubscription subscription = hub.subscribe(filter, initialState ? 0 : since, exchange.caller());
        long deadline = System.nanoTime() + timeout(options).toNanos();
        try {
            // Read before the stream opens: a refusal (RBAC passed, Vault denied) is then a plain 403.
            long listVersion = clock.current();
            List<Object> initial = initialState ? initialObjects(exchange.caller(), format, filter, options) : List.of();
            exchange.response().status(200);
            exchange.response().header(HeaderNames.CONTENT_TYPE, Responses.APPLICATION_JSON);
            exchange.response().header(HeaderNames.CACHE_CONTROL, "no-cache, private");
            // The headers go out now, before any event: a quiet watch is not a hung one.
            try (WatchStream out = exchange.response().sink(WatchStream.TYPE)) {
                for (Object object : initial) {
                    writeLine(out, new WireEvent(WatchEvent.Type.ADDED.name(), object));
                }
                if (options.watchList()) {
                    write(out, format, WatchEvent.Type.BOOKMARK, bookmark(listVersion, true));
                }
                stream(out, format, exchange.caller(), subscription, options.allowWatchBookmarks(), deadline);
            }
        } catch (InterruptedException e) {
            // The server is shutting down: end the stream; the client will watch again.
            Thread.currentThread().interrupt();
        } finally {
            subscription.close();
        }
    }

    /** The current state as the objects of ADDED events; metadata only is read without any value. */
    private List<Object> initialObjects(CallerIdentity caller, ResponseFormat format, WatchFilter filter,
                                        ListOptions options) {
        if (format.metadataOnly()) {
            return metadataStorage.listMetadata(caller, filter.namespace(), options).stream()
                    .filter(filter::matches)
                    .<Object>map(metadata -> PartialObjectMetadata.of(format.metadataVersion().get(), metadata))
                    .toList();
        }
        return storage.list(caller, filter.namespace(), options).stream()
                .filter(filter::matches)
                .map(secret -> body(format, WatchEvent.Type.ADDED, secret))
                .toList();
    }

    private void stream(WatchStream out, ResponseFormat format, CallerIdentity watcher,
                        WatchSubscription subscription, boolean bookmarks, long deadline) throws InterruptedException {
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            WatchEvent event = subscription.poll(Duration.ofNanos(Math.min(remaining, bookmarkInterval.toNanos())));
            // Only an empty poll can mean the end: the event that drained an overflowed queue is delivered first.
            if (event == null && subscription.isTerminated()) {
                String reason = subscription.endedBecause();
                writeError(out, ApiErrors.expired(reason != null ? reason
                        : "the watch fell too far behind; relist and watch again"));
                return;
            }
            if (event != null) {
                VirtualSecret object = atVersion(event);
                if (visibility.visible(watcher, object.getMetadata().getNamespace(), object.getMetadata().getName())) {
                    write(out, format, event.type(), object);
                }
            } else if (bookmarks && deadline - System.nanoTime() > 0) {
                write(out, format, WatchEvent.Type.BOOKMARK, bookmark(clock.current(), false));
            }
        }
    }

    private void write(WatchStream out, ResponseFormat format, WatchEvent.Type type, VirtualSecret object) {
        writeLine(out, new WireEvent(type.name(), body(format, type, object)));
    }

    /** What an event carries in the negotiated format. */
    private Object body(ResponseFormat format, WatchEvent.Type type, VirtualSecret object) {
        if (format.metadataOnly()) {
            // Bookmarks too, as kube-apiserver sends them: a PartialObjectMetadata with the resourceVersion.
            return PartialObjectMetadata.of(format.metadataVersion().get(), object.getMetadata());
        }
        if (format.table().isPresent() && type != WatchEvent.Type.BOOKMARK) {
            return tables.render(object, format.table().get());
        }
        return object;
    }

    /** A DELETED built from the previous state (selector no longer matches) carries the event's version. */
    private static VirtualSecret atVersion(WatchEvent event) {
        String version = Long.toString(event.resourceVersion());
        VirtualSecret object = event.object();
        if (version.equals(object.getMetadata().getResourceVersion())) {
            return object;
        }
        V1ObjectMeta metadata = new V1ObjectMeta().name(object.getMetadata().getName())
                .namespace(object.getMetadata().getNamespace()).uid(object.getMetadata().getUid())
                .labels(object.getMetadata().getLabels()).annotations(object.getMetadata().getAnnotations())
                .creationTimestamp(object.getMetadata().getCreationTimestamp()).resourceVersion(version);
        return new VirtualSecret().metadata(metadata).type(object.getType()).data(object.getData())
                .spec(object.getSpec()).status(object.getStatus());
    }

    private void writeError(WatchStream out, ApiException error) {
        writeLine(out, new WireEvent(WatchEvent.Type.ERROR.name(), error.status()));
    }

    private void writeLine(WatchStream out, WireEvent event) {
        out.emit(responses.encode(event));
    }

    private static VirtualSecret bookmark(long resourceVersion, boolean initialEventsEnd) {
        V1ObjectMeta metadata = new V1ObjectMeta().resourceVersion(Long.toString(resourceVersion));
        if (initialEventsEnd) {
            metadata.putAnnotationsItem(INITIAL_EVENTS_END, "true");
        }
        return new VirtualSecret().apiVersion(VirtualSecrets.API_VERSION).kind(VirtualSecrets.KIND).metadata(metadata);
    }

    /**
     * timeoutSeconds, capped at maxTimeout; unset or 0 (kube-apiserver does not tell them apart) → a
     * random time in [maxTimeout/2, maxTimeout) to spread relists.
     */
    private Duration timeout(ListOptions options) {
        if (options.timeout() == null || options.timeout().isZero()) {
            long max = maxTimeout.toMillis();
            return Duration.ofMillis(max / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, max / 2)));
        }
        return options.timeout().compareTo(maxTimeout) > 0 ? maxTimeout : options.timeout();
    }

    /** meta/v1 WatchEvent on the wire. */
    record WireEvent(String type, Object object) {
    }
}
