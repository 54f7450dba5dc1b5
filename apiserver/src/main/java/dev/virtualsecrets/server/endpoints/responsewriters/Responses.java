package dev.virtualsecrets.server.endpoints.responsewriters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.apierrors.Status;
import dev.virtualsecrets.server.discovery.StaticDocument;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Writes JSON bodies and {@link Status} errors with the headers Kubernetes clients expect. */
public final class Responses {

    public static final String APPLICATION_JSON = "application/json";

    private final ObjectMapper json;

    public Responses(ObjectMapper json) {
        this.json = json;
    }

    public void json(ServerResponse response, int code, Object body) {
        bytes(response, code, APPLICATION_JSON, encode(body));
    }

    public void bytes(ServerResponse response, int code, String contentType, byte[] body) {
        response.status(code);
        response.header(HeaderNames.CONTENT_TYPE, contentType);
        response.header(HeaderNames.CACHE_CONTROL, "no-cache, private");
        response.send(body);
    }

    /** A precomputed document with its ETag; 304 when the client already has it. */
    public void document(ServerRequest request, ServerResponse response, StaticDocument document,
                         String cacheControl) {
        response.header(HeaderNames.ETAG, document.etag());
        response.header(HeaderNames.VARY, "Accept");
        response.header(HeaderNames.CACHE_CONTROL, cacheControl);
        String ifNoneMatch = request.headers().first(HeaderNames.IF_NONE_MATCH).orElse(null);
        if (document.notModified(ifNoneMatch)) {
            response.status(304);
            response.send();
            return;
        }
        response.status(200);
        response.header(HeaderNames.CONTENT_TYPE, document.contentType());
        response.send(document.body());
    }

    public void status(ServerResponse response, Status status) {
        if (status.details() != null && status.details().retryAfterSeconds() != null) {
            response.header(HeaderNames.RETRY_AFTER, String.valueOf(status.details().retryAfterSeconds()));
        }
        json(response, status.code(), status);
    }

    public byte[] encode(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }
}
