package dev.virtualsecrets.server.authn;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * What authenticators may look at: the client's TLS certificate chain (leaf first, possibly
 * empty) and the request headers, keyed by lower-case name.
 */
public record AuthenticationRequest(List<X509Certificate> peerCertificates, Map<String, List<String>> headers) {

    public AuthenticationRequest {
        peerCertificates = List.copyOf(peerCertificates);
        headers = Map.copyOf(headers);
    }

    public List<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
    }
}
