package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.openapi.OpenApiDocuments;
import io.helidon.http.HeaderNames;

/**
 * {@code /openapi/v2}, the {@code /openapi/v3} index and the group-version document, as
 * kube-openapi serves them: the hashed v3 URL is immutable, a stale hash redirects to the current one.
 */
public final class OpenApiEndpoint implements Endpoint {

    private final OpenApiDocuments documents;
    private final Responses responses;

    public OpenApiEndpoint(OpenApiDocuments documents, Responses responses) {
        this.documents = documents;
        this.responses = responses;
    }

    @Override
    public void handle(Exchange exchange) {
        exchange.requireGet();
        switch (exchange.info().path()) {
            case "/openapi/v2" -> responses.document(exchange.request(), exchange.response(), documents.v2Document(), "no-cache, private");
            case "/openapi/v3", "/openapi/v3/" ->
                    responses.document(exchange.request(), exchange.response(), documents.v3IndexDocument(), "no-cache, private");
            case OpenApiDocuments.V3_GROUP_VERSION_PATH -> groupVersion(exchange);
            default -> throw ApiErrors.pathNotFound(exchange.info().path());
        }
    }

    private void groupVersion(Exchange exchange) {
        String hash = exchange.query("hash");
        if (hash == null) {
            responses.document(exchange.request(), exchange.response(), documents.v3GroupVersionDocument(), "no-cache, private");
        } else if (documents.isCurrentV3Hash(hash)) {
            responses.document(exchange.request(), exchange.response(), documents.v3GroupVersionDocument(), OpenApiDocuments.IMMUTABLE_CACHE_CONTROL);
        } else {
            exchange.response().status(301);
            exchange.response().header(HeaderNames.LOCATION, documents.v3GroupVersionUrl());
            exchange.response().send();
        }
    }
}
