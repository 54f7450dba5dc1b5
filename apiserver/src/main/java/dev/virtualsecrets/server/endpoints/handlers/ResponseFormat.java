package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.discovery.AcceptHeader;
import dev.virtualsecrets.server.discovery.MediaTypes;
import dev.virtualsecrets.server.table.TableOptions;

import java.util.Optional;

/**
 * How the client wants objects back, negotiated from the Accept header as kube-apiserver does: as
 * themselves, as a meta.k8s.io Table ({@code table} present), or as PartialObjectMetadata(List)
 * ({@code metadataVersion} present: metadata only, read without secret values). Each answers with
 * {@code Content-Type: application/json}, as kube-apiserver does.
 */
record ResponseFormat(Optional<TableOptions> table, Optional<String> metadataVersion) {

    /** The Go types kube-apiserver names in its 406 for a list asked as one object and the reverse. */
    private static final String OBJECT_TYPE = "*virtualsecrets.VirtualSecret";
    private static final String LIST_TYPE = "*virtualsecrets.VirtualSecretList";

    /** The format of a get: a PartialObjectMetadataList is 406, as kube-apiserver answers for one object. */
    static ResponseFormat ofObject(Exchange exchange) {
        return negotiate(exchange, Answer.OBJECT);
    }

    /** The format of a list: a PartialObjectMetadata is 406, as kube-apiserver answers for a list. */
    static ResponseFormat ofList(Exchange exchange) {
        return negotiate(exchange, Answer.LIST);
    }

    /**
     * The format of a watch's events: each event holds one object, so both PartialObjectMetadata
     * and PartialObjectMetadataList give PartialObjectMetadata events (client-go's metadata client
     * asks for the former; kube-apiserver sends no usable event for the latter, metadata only is
     * the safe reading of it).
     */
    static ResponseFormat ofWatch(Exchange exchange) {
        return negotiate(exchange, Answer.EVENTS);
    }

    /** Whether the request asks for PartialObjectMetadata (or its list) before anything else. */
    static boolean asksMetadataOnly(Exchange exchange) {
        return MediaTypes.wantsMetaConversion(exchange.accept())
                .map(AcceptHeader.Conversion::isPartialObjectMetadata).orElse(false);
    }

    boolean metadataOnly() {
        return metadataVersion.isPresent();
    }

    /** What the request answers with. */
    private enum Answer { OBJECT, LIST, EVENTS }

    private static ResponseFormat negotiate(Exchange exchange, Answer answer) {
        String accept = exchange.accept();
        Optional<AcceptHeader.Conversion> conversion = MediaTypes.wantsMetaConversion(accept);
        if (conversion.isPresent() && conversion.get().isTable()) {
            return new ResponseFormat(Optional.of(TableOptions.of(conversion.get().version(),
                    exchange.query("includeObject"))), Optional.empty());
        }
        if (conversion.isPresent() && conversion.get().isPartialObjectMetadata()) {
            if (answer == Answer.LIST && !conversion.get().isList()) {
                throw ApiErrors.notAcceptableBecause("you requested PartialObjectMetadata, but the requested object is"
                        + " a list (" + LIST_TYPE + ")");
            }
            if (answer == Answer.OBJECT && conversion.get().isList()) {
                throw ApiErrors.notAcceptableBecause("you requested PartialObjectMetadataList, but the requested"
                        + " object is not a list (" + OBJECT_TYPE + ")");
            }
            return new ResponseFormat(Optional.empty(), Optional.of(conversion.get().version()));
        }
        if (!MediaTypes.acceptsJson(accept)) {
            throw ApiErrors.notAcceptable(accept);
        }
        return new ResponseFormat(Optional.empty(), Optional.empty());
    }
}
