package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.server.audit.AuditLog;
import dev.virtualsecrets.server.audit.AuditRecord;
import dev.virtualsecrets.server.audit.VaultRequestIds;
import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.metrics.ServerMetrics;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.time.Clock;
import java.time.Duration;

/**
 * One audit line and one request metric per request, whatever happened inside: allowed, denied,
 * failed or abandoned by the client. Collects the ids of the Vault requests made on the way.
 */
public final class AuditFilter implements Filter {

    private final AuditLog audit;
    private final ServerMetrics metrics;
    private final Clock clock;

    public AuditFilter(AuditLog audit, ServerMetrics metrics, Clock clock) {
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        long started = System.nanoTime();
        RequestInfo info = RequestContext.requestInfo(request);
        AuditEvent event = new AuditEvent();
        request.context().register(event);
        VaultRequestIds vaultRequests = VaultRequestIds.open();
        try {
            chain.proceed();
        } finally {
            vaultRequests.close();
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            int code = event.code(response.status().code());
            metrics.requestCompleted(info.verb(), code, latency);
            if (event.unauthenticated()) {
                metrics.authenticationFailed();
            }
            CallerIdentity caller = event.caller();
            audit.record(new AuditRecord(clock.instant().toString(), caller.user(), caller.groups(), info.verb(),
                    info.path(), info.namespace(), info.resource(), info.name(), event.decision(), event.decidedBy(),
                    code, vaultRequests.recorded(), latency.toMillis()));
        }
    }
}
