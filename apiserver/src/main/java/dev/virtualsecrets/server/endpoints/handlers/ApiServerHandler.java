package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.audit.AuditLog;
import dev.virtualsecrets.server.audit.AuditRecord;
import dev.virtualsecrets.server.audit.VaultRequestIds;
import dev.virtualsecrets.server.authn.AuthenticationChain;
import dev.virtualsecrets.server.authn.AuthenticationRequest;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.authz.Authorizer;
import dev.virtualsecrets.server.metrics.ServerMetrics;
import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.endpoints.request.RequestInfoParser;
import io.helidon.http.Header;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.UncheckedIOException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The request pipeline, in the order of k8s.io/apiserver's filter chain: request info →
 * authentication → authorization → handler, with one audit line per request and every failure
 * answered as a Kubernetes Status. Health probes skip authentication and authorization.
 */
public final class ApiServerHandler implements Handler {

    private static final Logger LOG = Logger.getLogger(ApiServerHandler.class.getName());
    private static final CallerIdentity ANONYMOUS = CallerIdentity.of("system:anonymous", List.of("system:unauthenticated"));
    private static final String HEALTH_PROBE = "health-probe";
    private static final String AUTHENTICATION = "authentication";
    private static final String AUTHORIZATION = "authorization";
    private static final String VAULT_POLICY = "vault-policy";

    private final AuthenticationChain authentication;
    private final Authorizer authorizer;
    private final Routes routes;
    private final Responses responses;
    private final AuditLog audit;
    private final ServerMetrics metrics;

    public ApiServerHandler(AuthenticationChain authentication, Authorizer authorizer, Routes routes,
                            Responses responses, AuditLog audit, ServerMetrics metrics) {
        this.authentication = authentication;
        this.authorizer = authorizer;
        this.routes = routes;
        this.responses = responses;
        this.audit = audit;
        this.metrics = metrics;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        long started = System.nanoTime();
        RequestInfo info = RequestInfoParser.parse(request.prologue().method().text(), request.path().path(),
                name -> request.query().contains(name) ? request.query().get(name) : null);
        CallerIdentity caller = ANONYMOUS;
        String decidedBy = HEALTH_PROBE;
        boolean authorized = false;
        String decision = "allow";
        int code;
        VaultRequestIds vaultRequests = VaultRequestIds.open();
        ServerConnectionException connectionGone = null;
        try {
            if (!Routes.isHealthProbe(info.path())) {
                decidedBy = AUTHENTICATION;
                caller = authentication.authenticate(authenticationRequest(request));
                decidedBy = AUTHORIZATION;
                decidedBy = authorizer.authorize(caller, info);
            }
            authorized = true;
            routes.endpointFor(info).handle(new Exchange(request, response, info, caller));
            code = response.status().code();
        } catch (ApiException e) {
            code = e.code();
            if (code == 401 || code == 403 || !authorized) {
                decision = "deny";
                // Past authorization, only Vault refuses a caller: its policy or its login.
                decidedBy = authorized && code == 403 ? VAULT_POLICY : decidedBy;
            }
            answer(response, e);
        } catch (UncheckedIOException e) {
            // The client went away mid-response (a closed watch, a cancelled request).
            code = 499;
        } catch (ServerConnectionException e) {
            // The same, seen by Helidon: not a server failure; Helidon closes the connection.
            code = 499;
            connectionGone = e;
        } catch (RuntimeException e) {
            // Third-party messages may quote request or response bodies: log the type only.
            LOG.log(Level.SEVERE, "request failed: {0} at {1}", new Object[]{e.getClass().getName(), firstFrame(e)});
            code = 500;
            answer(response, ApiErrors.internalError("the server could not complete the request"));
        } finally {
            vaultRequests.close();
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        metrics.requestCompleted(info.verb(), code, latency);
        if (code == 401) {
            metrics.authenticationFailed();
        }
        audit.record(new AuditRecord(Instant.now().toString(), caller.user(), caller.groups(), info.verb(),
                info.path(), info.namespace(), info.resource(), info.name(), decision, decidedBy, code,
                vaultRequests.recorded(), latency.toMillis()));
        if (connectionGone != null) {
            throw connectionGone;
        }
    }

    private void answer(ServerResponse response, ApiException e) {
        if (!response.isSent()) {
            responses.status(response, e.status());
        }
    }

    private static AuthenticationRequest authenticationRequest(ServerRequest request) {
        List<X509Certificate> chain = new ArrayList<>();
        request.remotePeer().tlsCertificates().ifPresent(certificates -> {
            for (Certificate certificate : certificates) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
        });
        Map<String, List<String>> headers = new HashMap<>();
        for (Header header : request.headers()) {
            headers.computeIfAbsent(header.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(header.allValues());
        }
        return new AuthenticationRequest(chain, headers);
    }

    private static String firstFrame(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length == 0 ? "?" : trace[0].toString();
    }
}
