package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.table.TableRenderer;

/** GET of one object, as itself or as a Table row. */
final class GetHandler {

    private final TableRenderer tables;
    private final Responses responses;

    GetHandler(TableRenderer tables, Responses responses) {
        this.tables = tables;
        this.responses = responses;
    }

    void get(Exchange exchange, Getter storage, GetOptions options) {
        ResponseFormat format = ResponseFormat.of(exchange);
        VirtualSecret secret = storage.get(exchange.caller(), exchange.info().namespace(), exchange.info().name(),
                options);
        if (format.table().isPresent()) {
            responses.json(exchange.response(), 200, tables.render(secret, format.table().get()));
        } else {
            responses.json(exchange.response(), 200, secret);
        }
    }
}
