package dev.virtualsecrets.certs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PemTest {

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void pkcs8RoundTrip(KeyAlgorithm algorithm) throws Exception {
        KeyPair keys = algorithm.generateKeyPair();

        String pem = Pem.privateKey(keys.getPrivate());

        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem.lines().findFirst().orElse(""));
        PrivateKey read = Pem.readPrivateKey(pem);
        assertArrayEquals(keys.getPrivate().getEncoded(), read.getEncoded());
        assertSignsFor(read, keys);
    }

    @Test
    void pkcs1RsaRoundTrip() throws Exception {
        KeyPair keys = KeyAlgorithm.RSA_2048.generateKeyPair();

        String pem = Pem.privateKeyTraditional(keys.getPrivate());

        assertTrue(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----"), pem.lines().findFirst().orElse(""));
        PrivateKey read = Pem.readPrivateKey(pem);
        assertArrayEquals(keys.getPrivate().getEncoded(), read.getEncoded());
        assertSignsFor(read, keys);
    }

    @Test
    void sec1EcRoundTrip() throws Exception {
        KeyPair keys = KeyAlgorithm.EC_P256.generateKeyPair();

        String pem = Pem.privateKeyTraditional(keys.getPrivate());

        assertTrue(pem.startsWith("-----BEGIN EC PRIVATE KEY-----"), pem.lines().findFirst().orElse(""));
        PrivateKey read = Pem.readPrivateKey(pem);
        assertArrayEquals(keys.getPrivate().getEncoded(), read.getEncoded());
        assertSignsFor(read, keys);
    }

    @Test
    void readsOpenSslSec1KeyWithParametersBlock() {
        // `openssl ecparam -genkey -name prime256v1` output (a throwaway test key): EC PARAMETERS, then the key.
        String pem = """
                -----BEGIN EC PARAMETERS-----
                BggqhkjOPQMBBw==
                -----END EC PARAMETERS-----
                -----BEGIN EC PRIVATE KEY-----
                MHcCAQEEICpZsucyM49lv059EgwlSaM/TYZARv1anyEfCG30UjAgoAoGCCqGSM49
                AwEHoUQDQgAEJdslPKsbTMUojDQGF4TqxrsY+44BJ05UIJaJPVPfpnd7s+uCUdZY
                mpLbylMSveEvgGEZevOaRQakjOZS2H794A==
                -----END EC PRIVATE KEY-----
                """;

        PrivateKey key = Pem.readPrivateKey(pem);

        assertEquals("EC", key.getAlgorithm());
    }

    @Test
    void certificatesRoundTripInOrder() {
        CertificateAuthority ca = CertificateAuthority.create("pem-ca", Duration.ofDays(1));
        IssuedCertificate leaf = ca.issueServing("leaf", List.of("leaf"), List.of(), Duration.ofDays(1));

        String bundle = Pem.certificates(leaf.chain());

        assertEquals(2, bundle.lines().filter(l -> l.equals("-----BEGIN CERTIFICATE-----")).count());
        List<X509Certificate> read = Pem.readCertificates(bundle);
        assertEquals(leaf.chain(), read);
        assertEquals(List.of(leaf.certificate()), Pem.readCertificates(leaf.certificatePem()));
    }

    @Test
    void readsKeyAndCertificatesFromOneFile() {
        CertificateAuthority ca = CertificateAuthority.create("combined", Duration.ofDays(1));
        IssuedCertificate leaf = ca.issueClient("u", List.of(), Duration.ofDays(1));
        String combined = leaf.certificatePem() + leaf.privateKeyPem();

        assertEquals(List.of(leaf.certificate()), Pem.readCertificates(combined));
        assertArrayEquals(leaf.privateKey().getEncoded(), Pem.readPrivateKey(combined).getEncoded());
    }

    @Test
    void badInputGivesClearMessagesWithoutKeyMaterial() {
        KeyPair keys = KeyAlgorithm.RSA_2048.generateKeyPair();
        String pem = Pem.privateKey(keys.getPrivate());
        List<String> lines = pem.lines().toList();
        String secretLine = lines.get(3);
        // Break the DER inside a well-formed PEM: the parser sees key bytes and must not echo them.
        byte[] der = Base64.getMimeDecoder().decode(String.join("", lines.subList(1, lines.size() - 1)));
        der[0] = 0x05;
        String corrupted = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";
        String truncated = String.join("\n", lines.subList(0, 5)) + "\n";

        for (String input : List.of(corrupted, truncated)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Pem.readPrivateKey(input));
            assertFalse(e.getMessage().contains(secretLine), e.getMessage());
            assertFalse(e.getMessage().contains(secretLine.substring(10, 30)), e.getMessage());
            assertNull(e.getCause());
        }

        assertMessage("empty", () -> Pem.readPrivateKey(""));
        assertMessage("no PEM block", () -> Pem.readPrivateKey("just some text"));
        assertMessage("no private key", () -> Pem.readPrivateKey(
                Pem.certificate(CertificateAuthority.create("c", Duration.ofDays(1)).certificate())));
        assertMessage("no CERTIFICATE", () -> Pem.readCertificates(pem));
        assertMessage("encrypted", () -> Pem.readPrivateKey("""
                -----BEGIN ENCRYPTED PRIVATE KEY-----
                MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAj/Nbd+DTdJzAICCAAw
                DAYIKoZIhvcNAgkFADAdBglghkgBZQMEAQIEEJLs1o7TO+nHfUK4TlteHWIEgZBq
                1HmS1dm/K/v0XeE9sJsk8cEUJfkAYUkafjQXMWK3HwLNaHwsquLa3Gv7eVYfOgmb
                mGt54H/UzvaT/nAUgr3rNzg7GPXX9ZsP5+uliQ4L/+wmRoM1qpvSRou3h7XBSGeR
                qcxTLM1VPbAtw7bxa0gArc4mLPs3x/aiSg53DPIcD+ppYH4cueHgtJ7G2OrT5Ts=
                -----END ENCRYPTED PRIVATE KEY-----
                """));
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static void assertSignsFor(PrivateKey key, KeyPair original) throws Exception {
        String algorithm = KeyAlgorithm.of(key).signatureAlgorithm();
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(original.getPublic());
        verifier.update(new byte[] {1, 2, 3});
        assertTrue(verifier.verify(signer.sign()));
    }
}
