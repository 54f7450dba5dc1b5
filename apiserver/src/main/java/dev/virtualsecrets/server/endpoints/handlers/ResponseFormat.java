package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.discovery.MediaTypes;
import dev.virtualsecrets.server.table.TableOptions;

import java.util.Optional;

/** How the client wants objects back: as themselves, or as a meta.k8s.io Table (options present). */
record ResponseFormat(Optional<TableOptions> table) {

    static ResponseFormat of(Exchange exchange) {
        String accept = exchange.accept();
        Optional<String> tableVersion = MediaTypes.wantsTable(accept);
        if (tableVersion.isPresent()) {
            return new ResponseFormat(Optional.of(TableOptions.of(tableVersion.get(), exchange.query("includeObject"))));
        }
        if (!MediaTypes.acceptsJson(accept)) {
            throw ApiErrors.notAcceptable(accept);
        }
        return new ResponseFormat(Optional.empty());
    }
}
