package dev.virtualsecrets.server.authn;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What authentication trusts at one moment: the client CA bundle, the front-proxy CA bundle and
 * the request-header settings. Empty bundles disable their authenticator.
 */
public record AuthenticationSettings(List<X509Certificate> clientCas, List<X509Certificate> requestHeaderCas,
                                     RequestHeaderAuthenticator.Settings requestHeader) {

    public AuthenticationSettings {
        clientCas = List.copyOf(clientCas);
        requestHeaderCas = List.copyOf(requestHeaderCas);
    }
}
