package dev.virtualsecrets.server.authn;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
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
        String user = null;
        List<String> groups = new ArrayList<>();
        for (Rdn rdn : subjectRdns(certificate)) {
            String value = String.valueOf(rdn.getValue());
            if ("CN".equalsIgnoreCase(rdn.getType()) && user == null) {
                user = value;
            } else if ("O".equalsIgnoreCase(rdn.getType())) {
                groups.add(value);
            }
        }
        if (user == null || user.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CallerIdentity(user, groups, Map.of()));
    }

    static String commonName(X509Certificate certificate) {
        for (Rdn rdn : subjectRdns(certificate)) {
            if ("CN".equalsIgnoreCase(rdn.getType())) {
                return String.valueOf(rdn.getValue());
            }
        }
        return "";
    }

    /** RDNs in the order they were written (LdapName lists them reversed). */
    private static List<Rdn> subjectRdns(X509Certificate certificate) {
        try {
            List<Rdn> rdns = new ArrayList<>(new LdapName(certificate.getSubjectX500Principal().getName()).getRdns());
            return rdns.reversed();
        } catch (InvalidNameException e) {
            return List.of();
        }
    }
}
