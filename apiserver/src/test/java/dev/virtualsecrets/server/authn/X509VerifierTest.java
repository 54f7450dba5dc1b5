package dev.virtualsecrets.server.authn;

import dev.virtualsecrets.certs.CertificateAuthority;
import dev.virtualsecrets.certs.IssuedCertificate;
import dev.virtualsecrets.certs.KeyAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class X509VerifierTest {

    private static final Duration DAY = Duration.ofDays(1);

    private static CertificateAuthority clientCa;
    private static CertificateAuthority otherCa;
    private static IssuedCertificate jane;
    private static IssuedCertificate stranger;

    @BeforeAll
    static void issueCertificates() {
        clientCa = CertificateAuthority.create("client-ca", DAY, KeyAlgorithm.EC_P256);
        otherCa = CertificateAuthority.create("other-ca", DAY, KeyAlgorithm.EC_P256);
        jane = clientCa.issueClient("jane", List.of("developers"), DAY, KeyAlgorithm.EC_P256);
        stranger = otherCa.issueClient("jane", List.of("system:masters"), DAY, KeyAlgorithm.EC_P256);
    }

    private static X509Verifier trusting(CertificateAuthority... cas) {
        List<X509Certificate> bundle = java.util.Arrays.stream(cas).map(CertificateAuthority::certificate).toList();
        return new X509Verifier(() -> bundle);
    }

    @Test
    void acceptsALeafSignedByTheCa() {
        assertEquals(Optional.of(jane.certificate()), trusting(clientCa).verify(List.of(jane.certificate())));
    }

    @Test
    void acceptsAChainThatIncludesTheCa() {
        assertEquals(2, jane.chain().size());
        assertEquals(Optional.of(jane.certificate()), trusting(clientCa).verify(jane.chain()));
    }

    @Test
    void acceptsWhenTheCaIsOneOfABundle() {
        assertEquals(Optional.of(jane.certificate()), trusting(otherCa, clientCa).verify(jane.chain()));
    }

    @Test
    void rejectsALeafOfAnotherCa() {
        assertEquals(Optional.empty(), trusting(clientCa).verify(List.of(stranger.certificate())));
        assertEquals(Optional.empty(), trusting(clientCa).verify(stranger.chain()));
    }

    @Test
    void rejectsAnotherCaLeafThatCarriesTheTrustedCaInItsChain() {
        List<X509Certificate> forged = List.of(stranger.certificate(), clientCa.certificate());

        assertEquals(Optional.empty(), trusting(clientCa).verify(forged));
    }

    @Test
    void rejectsAServingOnlyCertificate() {
        IssuedCertificate serving = clientCa.issueServing("jane", List.of("localhost"), List.of(), DAY,
                KeyAlgorithm.EC_P256);

        assertEquals(Optional.empty(), trusting(clientCa).verify(serving.chain()));
    }

    @Test
    void rejectsAnExpiredCertificate() throws InterruptedException {
        IssuedCertificate shortLived = clientCa.issueClient("jane", List.of(), Duration.ofSeconds(1),
                KeyAlgorithm.EC_P256);
        X509Verifier verifier = trusting(clientCa);
        long waitMillis = shortLived.certificate().getNotAfter().getTime() - System.currentTimeMillis() + 1100;
        if (waitMillis > 0) {
            Thread.sleep(waitMillis);
        }

        assertEquals(Optional.empty(), verifier.verify(shortLived.chain()));
    }

    @Test
    void rejectsAnEmptyChainAndAnEmptyBundle() {
        assertEquals(Optional.empty(), trusting(clientCa).verify(List.of()));
        assertEquals(Optional.empty(), trusting().verify(jane.chain()));
        assertEquals(Optional.empty(), new X509Verifier(() -> null).verify(jane.chain()));
    }

    @Test
    void readsTheBundleOnEveryCallSoARotationAppliesAtOnce() {
        AtomicReference<List<X509Certificate>> bundle = new AtomicReference<>(List.of(clientCa.certificate()));
        AtomicInteger reads = new AtomicInteger();
        X509Verifier verifier = new X509Verifier(() -> {
            reads.incrementAndGet();
            return bundle.get();
        });

        assertTrue(verifier.verify(jane.chain()).isPresent());
        assertTrue(verifier.verify(stranger.chain()).isEmpty());

        bundle.set(List.of(otherCa.certificate()));

        assertTrue(verifier.verify(jane.chain()).isEmpty());
        assertTrue(verifier.verify(stranger.chain()).isPresent());
        assertEquals(4, reads.get());
    }
}
