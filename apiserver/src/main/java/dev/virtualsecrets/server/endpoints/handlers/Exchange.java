package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** One request on its way through the pipeline: who asks, what for, and where to answer. */
public record Exchange(ServerRequest request, ServerResponse response, RequestInfo info, CallerIdentity caller) {

    /** The same request served as {@code identity} towards Vault (the audit keeps the real caller). */
    public Exchange as(CallerIdentity identity) {
        return new Exchange(request, response, info, identity);
    }

    /** Discovery, OpenAPI and metrics are read-only: anything but GET is 405. */
    public void requireGet() {
        if (!"get".equals(info.verb())) {
            throw ApiErrors.methodNotAllowed(request.prologue().method().text());
        }
    }

    /** A query parameter's first value, or null. */
    public String query(String name) {
        return request.query().contains(name) ? request.query().get(name) : null;
    }

    public boolean queryFlag(String name) {
        String value = query(name);
        return "true".equals(value) || "1".equals(value);
    }

    public String accept() {
        return request.headers().first(HeaderNames.ACCEPT).orElse("");
    }

    public String contentType() {
        return request.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
    }
}
