package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.server.audit.AuditLog;
import dev.virtualsecrets.server.authn.AuthenticationChain;
import dev.virtualsecrets.server.authz.Authorizer;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.metrics.ServerMetrics;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

import java.time.Clock;

/**
 * The request pipeline, in the order of k8s.io/apiserver's {@code DefaultBuildHandlerChain}: each
 * request passes these filters from the first to the last, then reaches the handler.
 */
public final class HandlerChain {

    private HandlerChain() {
    }

    public static void build(HttpRouting.Builder routing, Handler handler, AuthenticationChain authentication,
                             Authorizer authorizer, AuditLog audit, ServerMetrics metrics, Responses responses,
                             Clock clock, OwnerRoutingFilter ownerRouting) {
        ErrorStatusFilter errors = new ErrorStatusFilter(responses);
        routing.addFilter(new RequestInfoFilter())                  // what is asked, in Kubernetes terms
                .addFilter(new AuditFilter(audit, metrics, clock))   // one audit line and metric, whatever happens
                .addFilter(errors)                                   // every failure below becomes a Status
                .addFilter(new AuthenticationFilter(authentication)) // who asks (401)
                .addFilter(new AuthorizationFilter(authorizer));     // may they (403)
        if (ownerRouting != null) {
            routing.addFilter(ownerRouting);                         // served by the replica owning the caller
        }
        routing.any(errors.guard(handler));
    }
}
