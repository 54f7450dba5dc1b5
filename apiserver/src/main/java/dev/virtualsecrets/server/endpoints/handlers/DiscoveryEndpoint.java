package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.discovery.DiscoveryDocuments;
import dev.virtualsecrets.server.discovery.MediaTypes;
import dev.virtualsecrets.server.discovery.StaticDocument;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;

/** {@code /apis} (legacy or aggregated v2), {@code /apis/<group>} and {@code /apis/<group>/<version>}. */
public final class DiscoveryEndpoint implements Endpoint {

    private static final String GROUP_PATH = "/apis/" + VirtualSecrets.GROUP;

    private final DiscoveryDocuments documents;
    private final Responses responses;

    public DiscoveryEndpoint(DiscoveryDocuments documents, Responses responses) {
        this.documents = documents;
        this.responses = responses;
    }

    @Override
    public void handle(Exchange exchange) {
        exchange.requireGet();
        String path = exchange.info().path();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String accept = exchange.accept();
        StaticDocument document;
        if (path.equals("/apis")) {
            if (!MediaTypes.acceptsJson(accept) && MediaTypes.wantsAggregatedDiscovery(accept).isEmpty()) {
                throw ApiErrors.notAcceptable(accept);
            }
            document = documents.apis(accept);
        } else {
            if (!MediaTypes.acceptsJson(accept)) {
                throw ApiErrors.notAcceptable(accept);
            }
            document = path.equals(GROUP_PATH) ? documents.apiGroup() : documents.apiResourceList();
        }
        responses.document(exchange.request(), exchange.response(), document, "no-cache, private");
    }
}
