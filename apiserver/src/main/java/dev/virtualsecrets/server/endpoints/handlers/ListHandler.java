package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecretList;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.meta.PartialObjectMetadataList;
import dev.virtualsecrets.server.registry.rest.Lister;
import dev.virtualsecrets.server.registry.rest.MetadataLister;
import dev.virtualsecrets.server.registry.rest.PagedLister;
import dev.virtualsecrets.server.table.TableRenderer;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchFilter;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.List;
import java.util.Optional;

/**
 * LIST of a namespace or of all namespaces, filtered by the selectors, in pages ({@link ListPager}),
 * as a list, a Table, or a PartialObjectMetadataList (read without any value).
 */
final class ListHandler {

    private final ResourceVersionClock clock;
    private final TableRenderer tables;
    private final Responses responses;

    ListHandler(ResourceVersionClock clock, TableRenderer tables, Responses responses) {
        this.clock = clock;
        this.tables = tables;
        this.responses = responses;
    }

    <S extends Lister & MetadataLister> void list(Exchange exchange, S storage, ListOptions options) {
        ResponseFormat format = ResponseFormat.ofList(exchange);
        WatchFilter filter = WatchFilter.of(exchange.info().namespace(), options.labelSelector(),
                options.fieldSelector());
        // Taken before reading: a watch from here replays every change the list might have missed.
        ListPager pager = ListPager.of(options, clock.current());
        V1ListMeta listMeta = new V1ListMeta();
        // A storage that pages itself reads only the page's objects, not the whole namespace (a list of
        // one name, as a watch of one object starts with, reads just that one either way).
        Optional<PagedLister.Window> window = storage instanceof PagedLister && options.name().isEmpty()
                ? pager.window() : Optional.empty();
        boolean selectors = !options.labelSelector().isEverything() || !options.fieldSelector().isEverything();
        if (format.metadataOnly()) {
            List<V1ObjectMeta> items = window.isPresent()
                    ? pager.page(((PagedLister) storage).listMetadataPage(exchange.caller(), filter.namespace(),
                            window.get(), filter::matches), metadata -> metadata, listMeta, selectors)
                    : pager.page(storage.listMetadata(exchange.caller(), filter.namespace(), options)
                    .stream().filter(filter::matches).toList(), metadata -> metadata, listMeta);
            responses.json(exchange.response(), 200,
                    PartialObjectMetadataList.of(format.metadataVersion().get(), listMeta, items));
            return;
        }
        List<VirtualSecret> items = window.isPresent()
                ? pager.page(((PagedLister) storage).listPage(exchange.caller(), filter.namespace(), window.get(),
                        filter::matches), VirtualSecret::getMetadata, listMeta, selectors)
                : pager.page(storage.list(exchange.caller(), filter.namespace(), options).stream()
                .filter(filter::matches)
                .toList(), VirtualSecret::getMetadata, listMeta);
        VirtualSecretList list = new VirtualSecretList().metadata(listMeta).items(items);
        if (format.table().isPresent()) {
            responses.json(exchange.response(), 200, tables.render(list, format.table().get()));
        } else {
            responses.json(exchange.response(), 200, list);
        }
    }
}
