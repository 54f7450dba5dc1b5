package dev.virtualsecrets.server.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts any client certificate at the TLS layer, as Go's RequestClientCert does: the server
 * trusts more than one CA for different purposes (client CA, front-proxy CA), so each
 * authenticator verifies the chain against its own CA after the handshake. An unverified
 * certificate therefore authenticates nobody. Never used for outgoing connections.
 */
final class AnyClientCertificateTrustManager extends X509ExtendedTrustManager {

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Verified per authenticator (see X509Verifier).
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Verified per authenticator (see X509Verifier).
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // Verified per authenticator (see X509Verifier).
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager only serves the server side");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("this trust manager only serves the server side");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("this trust manager only serves the server side");
    }

    /** Empty: clients may send a certificate from any issuer (Go clients send none if their CA is not listed). */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
