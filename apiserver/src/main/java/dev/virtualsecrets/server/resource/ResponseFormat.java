package dev.virtualsecrets.server.resource;

import dev.virtualsecrets.server.api.ApiErrors;
import dev.virtualsecrets.server.discovery.AcceptHeader;
import dev.virtualsecrets.server.http.Exchange;
import dev.virtualsecrets.server.table.IncludeObject;

/** How the client wants objects back: as themselves, or as a meta.k8s.io/v1 Table. */
public record ResponseFormat(boolean table, IncludeObject includeObject) {

    public static ResponseFormat of(Exchange exchange) {
        String accept = exchange.accept();
        boolean table = AcceptHeader.wantsTable(accept);
        if (!table && !AcceptHeader.acceptsJson(accept)) {
            throw ApiErrors.notAcceptable(accept);
        }
        return new ResponseFormat(table, IncludeObject.parse(exchange.query("includeObject")));
    }
}
