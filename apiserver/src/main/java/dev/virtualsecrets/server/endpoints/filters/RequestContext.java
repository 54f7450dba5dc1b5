package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.helidon.webserver.http.ServerRequest;

/**
 * What the filters put into a request's context for those after them and for the handler: the
 * {@link RequestInfo}, the {@link AuditEvent}, and (once authenticated) the caller.
 */
public final class RequestContext {

    private RequestContext() {
    }

    public static RequestInfo requestInfo(ServerRequest request) {
        return request.context().get(RequestInfo.class)
                .orElseThrow(() -> new IllegalStateException("RequestInfoFilter did not run"));
    }

    /** The authenticated caller; {@code system:anonymous} for health probes. */
    public static CallerIdentity caller(ServerRequest request) {
        return auditEvent(request).caller();
    }

    static AuditEvent auditEvent(ServerRequest request) {
        return request.context().get(AuditEvent.class)
                .orElseThrow(() -> new IllegalStateException("AuditFilter did not run"));
    }
}
