package dev.virtualsecrets.certs;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificateAuthorityTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    private final CertificateAuthority ca = CertificateAuthority.create("test-ca", Duration.ofDays(30));

    @Test
    void createsSelfSignedCa() throws Exception {
        X509Certificate cert = ca.certificate();

        assertEquals("CN=test-ca", cert.getSubjectX500Principal().getName());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        cert.verify(cert.getPublicKey());
        assertTrue(cert.getBasicConstraints() >= 0, "CA:true");
        boolean[] keyUsage = cert.getKeyUsage();
        assertTrue(keyUsage[KEY_CERT_SIGN]);
        assertTrue(keyUsage[CRL_SIGN]);
        assertTrue(cert.getCriticalExtensionOIDs().containsAll(Set.of("2.5.29.19", "2.5.29.15")));
        assertEquals("RSA", ca.privateKey().getAlgorithm());
        assertEquals(2048, ((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength());
        assertValidityStartsInThePast(cert);
        assertTrue(cert.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(29))));
    }

    @Test
    void servingCertificateHasSansAndServerAuthAndChainsToCa() throws Exception {
        IssuedCertificate serving = ca.issueServing("api.example.svc",
                List.of("api.example.svc", "localhost"), List.of("127.0.0.1", "::1"), Duration.ofDays(1));
        X509Certificate cert = serving.certificate();

        assertEquals("CN=api.example.svc", cert.getSubjectX500Principal().getName());
        assertEquals(ca.certificate().getSubjectX500Principal(), cert.getIssuerX500Principal());
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            switch ((Integer) san.get(0)) {
                case 2 -> dns.add((String) san.get(1));
                case 7 -> ips.add((String) san.get(1));
                default -> throw new AssertionError("unexpected SAN " + san);
            }
        }
        assertEquals(List.of("api.example.svc", "localhost"), dns);
        assertEquals(List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), ips);
        assertEquals(List.of(SERVER_AUTH), cert.getExtendedKeyUsage());
        assertTrue(cert.getKeyUsage()[DIGITAL_SIGNATURE]);
        assertTrue(cert.getKeyUsage()[KEY_ENCIPHERMENT]);
        assertFalse(cert.getKeyUsage()[KEY_CERT_SIGN]);
        assertEquals(-1, cert.getBasicConstraints(), "CA:false");
        assertValidityStartsInThePast(cert);

        cert.verify(ca.certificate().getPublicKey());
        assertChainsTo(cert, ca.certificate());
        assertEquals(List.of(cert, ca.certificate()), serving.chain());
        assertKeyIdentifiersLinked(cert, ca.certificate());
    }

    @Test
    void clientCertificateCarriesUserAndGroups() throws Exception {
        IssuedCertificate client = ca.issueClient("alice", List.of("system:masters", "dev ops"), Duration.ofDays(1));
        X509Certificate cert = client.certificate();

        // Parsed independently of our own code, with the JDK's RFC 2253 reader.
        List<String> commonNames = new ArrayList<>();
        List<String> organizations = new ArrayList<>();
        for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
            switch (rdn.getType()) {
                case "CN" -> commonNames.add((String) rdn.getValue());
                case "O" -> organizations.add((String) rdn.getValue());
                default -> throw new AssertionError("unexpected RDN " + rdn);
            }
        }
        assertEquals(List.of("alice"), commonNames);
        assertEquals(Set.of("system:masters", "dev ops"), Set.copyOf(organizations));

        assertEquals(new CertificateSubject("alice", List.of("system:masters", "dev ops")),
                CertificateSubject.of(cert));
        assertEquals(List.of(CLIENT_AUTH), cert.getExtendedKeyUsage());
        assertChainsTo(cert, ca.certificate());
    }

    @Test
    void serialNumbersAreRandomAndPositive() {
        X509Certificate first = ca.issueClient("a", List.of(), Duration.ofHours(1)).certificate();
        X509Certificate second = ca.issueClient("a", List.of(), Duration.ofHours(1)).certificate();

        assertTrue(first.getSerialNumber().signum() > 0);
        assertTrue(first.getSerialNumber().bitLength() <= 159);
        assertNotEquals(first.getSerialNumber(), second.getSerialNumber());
    }

    @Test
    void ecCaIssuesEcAndRsaCertificates() throws Exception {
        CertificateAuthority ecCa = CertificateAuthority.create("ec-ca", Duration.ofDays(1), KeyAlgorithm.EC_P256);
        X509Certificate ec = ecCa.issueServing("x", List.of("x"), List.of(), Duration.ofDays(1),
                KeyAlgorithm.EC_P256).certificate();
        X509Certificate rsa = ecCa.issueClient("u", List.of(), Duration.ofDays(1)).certificate();

        assertEquals("SHA256withECDSA", ec.getSigAlgName());
        assertEquals("EC", ec.getPublicKey().getAlgorithm());
        assertEquals("RSA", rsa.getPublicKey().getAlgorithm());
        assertChainsTo(ec, ecCa.certificate());
        assertChainsTo(rsa, ecCa.certificate());
    }

    @Test
    void loadsWhatItWrote(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("ca.crt");
        Path key = dir.resolve("ca.key");
        ca.writeTo(cert, key);

        CertificateAuthority loaded = CertificateAuthority.load(cert, key);

        assertEquals(ca.certificate(), loaded.certificate());
        assertArrayEquals(ca.privateKey().getEncoded(), loaded.privateKey().getEncoded());
        X509Certificate issued = loaded.issueClient("bob", List.of(), Duration.ofHours(1)).certificate();
        issued.verify(ca.certificate().getPublicKey());
    }

    @Test
    void refusesKeyOfAnotherCertificate(@TempDir Path dir) {
        CertificateAuthority other = CertificateAuthority.create("other", Duration.ofDays(1));
        Path cert = dir.resolve("ca.crt");
        Path key = dir.resolve("ca.key");
        ca.writeTo(cert, key);
        other.writeTo(dir.resolve("other.crt"), key);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertificateAuthority.load(cert, key));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void refusesNonCaCertificate(@TempDir Path dir) {
        IssuedCertificate leaf = ca.issueServing("leaf", List.of("leaf"), List.of(), Duration.ofDays(1));
        Path cert = dir.resolve("leaf.crt");
        Path key = dir.resolve("leaf.key");
        leaf.writeTo(cert, key);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CertificateAuthority.load(cert, key));
        assertTrue(e.getMessage().contains("not a CA"), e.getMessage());
    }

    @Test
    void rejectsBadRequests() {
        assertThrows(IllegalArgumentException.class,
                () -> ca.issueServing("x", List.of(), List.of(), Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class,
                () -> ca.issueServing("x", List.of(), List.of("not-an-ip"), Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class,
                () -> ca.issueClient(" ", List.of(), Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class,
                () -> ca.issueClient("u", List.of(), Duration.ZERO));
    }

    @Test
    void selfSignedServingCertificateVerifiesWithItsOwnKey() throws Exception {
        IssuedCertificate self = SelfSigned.serving(List.of("vs.example.svc"), List.of("127.0.0.1"));
        X509Certificate cert = self.certificate();

        cert.verify(cert.getPublicKey());
        assertEquals("CN=vs.example.svc", cert.getSubjectX500Principal().getName());
        assertEquals(List.of(SERVER_AUTH), cert.getExtendedKeyUsage());
        assertEquals(2, cert.getSubjectAlternativeNames().size());
        assertEquals(List.of(cert), self.chain());
        assertChainsTo(cert, cert);
    }

    @Test
    void toStringNamesSubjectButNotKey() {
        IssuedCertificate issued = ca.issueClient("carol", List.of(), Duration.ofHours(1));
        String text = issued.toString();

        assertTrue(text.contains("CN=carol"), text);
        String keyBody = issued.privateKeyPem().lines().skip(1).findFirst().orElseThrow();
        assertFalse(text.contains(keyBody));
        assertFalse(text.toLowerCase().contains("exponent"), text);
    }

    static void assertChainsTo(X509Certificate cert, X509Certificate caCert) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(caCert, null)));
        parameters.setRevocationEnabled(false);
        PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                .validate(factory.generateCertPath(List.of(cert)), parameters);
        assertEquals(caCert, result.getTrustAnchor().getTrustedCert());
    }

    private static void assertValidityStartsInThePast(X509Certificate cert) {
        Instant notBefore = cert.getNotBefore().toInstant();
        assertTrue(notBefore.isBefore(Instant.now().minusSeconds(50)), "notBefore " + notBefore);
        assertTrue(notBefore.isAfter(Instant.now().minusSeconds(120)), "notBefore " + notBefore);
    }

    private static void assertKeyIdentifiersLinked(X509Certificate cert, X509Certificate caCert) {
        byte[] caSki = SubjectKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(caCert.getExtensionValue("2.5.29.14")).getOctets()).getKeyIdentifier();
        byte[] leafSki = SubjectKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(cert.getExtensionValue("2.5.29.14")).getOctets()).getKeyIdentifier();
        byte[] leafAki = AuthorityKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(cert.getExtensionValue("2.5.29.35")).getOctets()).getKeyIdentifier();
        assertArrayEquals(caSki, leafAki);
        assertFalse(Arrays.equals(caSki, leafSki));
    }
}
