package dev.virtualsecrets.server.authn;

import dev.virtualsecrets.certs.CertificateSubject;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

/** A client certificate signed by the client CA: user = subject CN, groups = subject O values. */
public final class ClientCertificateAuthenticator implements Authenticator {

    private final X509Verifier verifier;

    public ClientCertificateAuthenticator(X509Verifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Optional<CallerIdentity> authenticate(AuthenticationRequest request) {
        return verifier.verify(request.peerCertificates())
                .flatMap(ClientCertificateAuthenticator::identityOf);
    }

    static Optional<CallerIdentity> identityOf(X509Certificate certificate) {
        CertificateSubject subject = CertificateSubject.of(certificate);
        if (subject.commonName() == null || subject.commonName().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CallerIdentity(subject.commonName(), subject.organizations(), Map.of()));
    }
}
