package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.server.authn.AuthenticationChain;
import dev.virtualsecrets.server.authn.AuthenticationRequest;
import io.helidon.http.Header;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who is asking: the delegated authentication chain (front proxy, client certificate, bearer
 * token) over the TLS peer's certificates and the request headers; 401 when nobody is recognised.
 * Health probes are anonymous.
 */
public final class AuthenticationFilter implements Filter {

    private final AuthenticationChain authentication;

    public AuthenticationFilter(AuthenticationChain authentication) {
        this.authentication = authentication;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (!RequestContext.requestInfo(request).healthProbe()) {
            AuditEvent event = RequestContext.auditEvent(request);
            event.authenticating();
            event.authenticated(authentication.authenticate(authenticationRequest(request)));
        }
        chain.proceed();
    }

    static AuthenticationRequest authenticationRequest(RoutingRequest request) {
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
}
