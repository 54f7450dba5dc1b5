package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.meta.PartialObjectMetadata;
import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.registry.rest.MetadataGetter;
import dev.virtualsecrets.server.table.TableRenderer;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/** GET of one object, as itself, as a Table row, or as PartialObjectMetadata (read without its values). */
final class GetHandler {

    private final TableRenderer tables;
    private final Responses responses;

    GetHandler(TableRenderer tables, Responses responses) {
        this.tables = tables;
        this.responses = responses;
    }

    void get(Exchange exchange, Getter storage, GetOptions options) {
        ResponseFormat format = ResponseFormat.ofObject(exchange);
        String namespace = exchange.info().namespace();
        String name = exchange.info().name();
        if (format.metadataOnly()) {
            V1ObjectMeta metadata = Verbs.require(MetadataGetter.class, storage, name)
                    .getMetadata(exchange.caller(), namespace, name, options);
            responses.json(exchange.response(), 200, PartialObjectMetadata.of(format.metadataVersion().get(), metadata));
            return;
        }
        VirtualSecret secret = storage.get(exchange.caller(), namespace, name, options);
        if (format.table().isPresent()) {
            responses.json(exchange.response(), 200, tables.render(secret, format.table().get()));
        } else {
            responses.json(exchange.response(), 200, secret);
        }
    }
}
