package dev.virtualsecrets.server.authn;

import dev.virtualsecrets.certs.CertificateAuthority;
import dev.virtualsecrets.certs.IssuedCertificate;
import dev.virtualsecrets.certs.KeyAlgorithm;
import dev.virtualsecrets.server.user.CallerIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientCertificateAuthenticatorTest {

    private static final Duration DAY = Duration.ofDays(1);

    private static CertificateAuthority clientCa;
    private static CertificateAuthority otherCa;
    private static ClientCertificateAuthenticator authenticator;

    @BeforeAll
    static void setUp() {
        clientCa = CertificateAuthority.create("client-ca", DAY, KeyAlgorithm.EC_P256);
        otherCa = CertificateAuthority.create("other-ca", DAY, KeyAlgorithm.EC_P256);
        List<X509Certificate> bundle = List.of(clientCa.certificate());
        authenticator = new ClientCertificateAuthenticator(new X509Verifier(() -> bundle));
    }

    private static AuthenticationRequest presenting(IssuedCertificate certificate, Map<String, List<String>> headers) {
        return new AuthenticationRequest(certificate.chain(), headers);
    }

    @Test
    void commonNameIsTheUserAndOrganizationsAreTheGroups() {
        IssuedCertificate jane = clientCa.issueClient("jane", List.of("developers", "system:masters"), DAY,
                KeyAlgorithm.EC_P256);

        Optional<CallerIdentity> caller = authenticator.authenticate(presenting(jane, Map.of()));

        assertEquals(Optional.of(new CallerIdentity("jane", List.of("developers", "system:masters"), Map.of())), caller);
    }

    @Test
    void noOrganizationMeansNoGroups() {
        IssuedCertificate bot = clientCa.issueClient("system:serviceaccount:ci:bot", List.of(), DAY, KeyAlgorithm.EC_P256);

        assertEquals(Optional.of(CallerIdentity.of("system:serviceaccount:ci:bot", List.of())),
                authenticator.authenticate(presenting(bot, Map.of())));
    }

    @Test
    void aCertificateOfAnotherCaDoesNotApply() {
        IssuedCertificate stranger = otherCa.issueClient("admin", List.of("system:masters"), DAY, KeyAlgorithm.EC_P256);

        assertEquals(Optional.empty(), authenticator.authenticate(presenting(stranger, Map.of())));
    }

    @Test
    void noCertificateDoesNotApply() {
        assertEquals(Optional.empty(), authenticator.authenticate(new AuthenticationRequest(List.of(), Map.of())));
    }

    @Test
    void impersonationHeadersAreIgnored() {
        IssuedCertificate jane = clientCa.issueClient("jane", List.of("developers"), DAY, KeyAlgorithm.EC_P256);

        Optional<CallerIdentity> caller = authenticator.authenticate(presenting(jane, Map.of(
                "x-remote-user", List.of("admin"), "x-remote-group", List.of("system:masters"))));

        assertEquals(Optional.of(CallerIdentity.of("jane", List.of("developers"))), caller);
    }
}
