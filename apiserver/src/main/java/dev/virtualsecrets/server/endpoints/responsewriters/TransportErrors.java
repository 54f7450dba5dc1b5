package dev.virtualsecrets.server.endpoints.responsewriters;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * What the web server answers itself, before any route runs (a request that is not HTTP/1.1, a
 * malformed head or chunked body, a body beyond the transport's limit): a Kubernetes Status like
 * every other error, and never Helidon's own text, which may quote the request (headers can hold
 * tokens). HTTP/1.0 is refused with 400, as Go's server refuses a version it does not serve.
 */
public final class TransportErrors implements DirectHandler {

    private final Responses responses;
    private final long maxPayloadBytes;

    public TransportErrors(Responses responses, long maxPayloadBytes) {
        this.responses = responses;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        ApiException error = error(eventType, defaultStatus);
        return TransportResponse.builder()
                .status(Status.create(error.code()))
                .headers(responseHeaders)
                .header(HeaderNames.CONTENT_TYPE, Responses.APPLICATION_JSON)
                .header(HeaderNames.CACHE_CONTROL, "no-cache, private")
                .keepAlive(false)
                .entity(responses.encode(error.status()))
                .build();
    }

    private ApiException error(EventType eventType, Status defaultStatus) {
        return switch (eventType) {
            case HTTP_VERSION_NOT_SUPPORTED -> ApiErrors.badRequest("unsupported protocol version: only HTTP/1.1 is served");
            case PAYLOAD_TOO_LARGE -> ApiErrors.requestEntityTooLarge(maxPayloadBytes);
            case BAD_REQUEST, FORBIDDEN -> switch (defaultStatus.code()) {
                case 413 -> ApiErrors.requestEntityTooLarge(maxPayloadBytes);
                case 414 -> ApiErrors.badRequest("the request URI is too long");
                case 431 -> ApiErrors.badRequest("the request headers are too large");
                default -> ApiErrors.badRequest("the request is not valid HTTP/1.1");
            };
            case INTERNAL_ERROR, OTHER -> ApiErrors.internalError("the request could not be handled");
        };
    }
}
