package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.server.authz.Authorizer;
import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** May the caller do what the request asks: 403 Forbidden when not. Health probes pass. */
public final class AuthorizationFilter implements Filter {

    private final Authorizer authorizer;

    public AuthorizationFilter(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        RequestInfo info = RequestContext.requestInfo(request);
        AuditEvent event = RequestContext.auditEvent(request);
        if (info.healthProbe()) {
            event.probe();
        } else {
            event.authorized(authorizer.authorize(event.caller(), info));
        }
        chain.proceed();
    }
}
