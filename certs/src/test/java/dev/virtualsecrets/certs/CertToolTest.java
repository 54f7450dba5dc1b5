package dev.virtualsecrets.certs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertToolTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CertTool tool = new CertTool(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void createsCaOnceAndKeepsIt() throws Exception {
        Path caDir = dir.resolve("pki");

        assertEquals(0, tool.run("ca", "--out-dir", caDir.toString(), "--cn", "local-ca", "--days", "10"), stderr());
        byte[] cert = Files.readAllBytes(caDir.resolve("ca.crt"));
        byte[] key = Files.readAllBytes(caDir.resolve("ca.key"));
        X509Certificate ca = Pem.readCertificates(caDir.resolve("ca.crt")).getFirst();
        assertEquals("CN=local-ca", ca.getSubjectX500Principal().getName());
        assertTrue(ca.getBasicConstraints() >= 0);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(caDir.resolve("ca.key"))));

        assertEquals(0, tool.run("ca", "--out-dir", caDir.toString(), "--cn", "another"), stderr());
        assertArrayEquals(cert, Files.readAllBytes(caDir.resolve("ca.crt")));
        assertArrayEquals(key, Files.readAllBytes(caDir.resolve("ca.key")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("kept existing CA"));
    }

    @Test
    void issuesServingCertificate() throws Exception {
        tool.run("ca", "--out-dir", dir.toString());
        Path prefix = dir.resolve("out/serving");

        int exit = tool.run("serving", "--ca-dir", dir.toString(), "--cn", "api.vs.svc",
                "--dns", "api.vs.svc,localhost", "--ip", "127.0.0.1", "--out", prefix.toString());

        assertEquals(0, exit, stderr());
        X509Certificate cert = Pem.readCertificates(Path.of(prefix + ".crt")).getFirst();
        List<Object> sans = new ArrayList<>();
        cert.getSubjectAlternativeNames().forEach(san -> sans.add(san.get(1)));
        assertEquals(List.of("api.vs.svc", "localhost", "127.0.0.1"), sans);
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage());
        CertificateAuthorityTest.assertChainsTo(cert, Pem.readCertificates(dir.resolve("ca.crt")).getFirst());
        assertEquals(cert.getPublicKey().getAlgorithm(), Pem.readPrivateKey(Path.of(prefix + ".key")).getAlgorithm());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(prefix + ".key"))));
    }

    @Test
    void servingCertificateDefaultsToCommonNameAsDnsName() throws Exception {
        tool.run("ca", "--out-dir", dir.toString());
        Path prefix = dir.resolve("only-cn");

        assertEquals(0, tool.run("serving", "--ca-dir", dir.toString(), "--cn", "vs.example",
                "--out", prefix.toString(), "--key-type", "ec"), stderr());

        X509Certificate cert = Pem.readCertificates(Path.of(prefix + ".crt")).getFirst();
        assertEquals(List.of(List.of(2, "vs.example")), List.copyOf(cert.getSubjectAlternativeNames()));
        assertEquals("EC", cert.getPublicKey().getAlgorithm());
    }

    @Test
    void issuesClientCertificate() throws Exception {
        tool.run("ca", "--out-dir", dir.toString());
        Path prefix = dir.resolve("admin");

        assertEquals(0, tool.run("client", "--ca-dir", dir.toString(), "--user", "admin",
                "--groups", "system:masters,devs", "--out", prefix.toString()), stderr());

        X509Certificate cert = Pem.readCertificates(Path.of(prefix + ".crt")).getFirst();
        assertEquals(new CertificateSubject("admin", List.of("system:masters", "devs")), CertificateSubject.of(cert));
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage());
    }

    @Test
    void writesSigningKeyPairOnceAndKeepsIt() throws Exception {
        Path prefix = dir.resolve("sa/service-account");
        Path key = Path.of(prefix + ".key");
        Path pub = Path.of(prefix + ".pub");

        assertEquals(0, tool.run("keypair", "--out", prefix.toString()), stderr());

        String keyPem = Files.readString(key);
        String pubPem = Files.readString(pub);
        assertTrue(keyPem.startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8, not PKCS#1");
        assertTrue(pubPem.startsWith("-----BEGIN PUBLIC KEY-----"), "SubjectPublicKeyInfo");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        PublicKey publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(derOf(pubPem)));
        assertSignsFor(Pem.readPrivateKey(key), publicKey, "SHA256withRSA");

        assertEquals(0, tool.run("keypair", "--out", prefix.toString(), "--key-type", "ec"), stderr());
        assertEquals(keyPem, Files.readString(key));
        assertEquals(pubPem, Files.readString(pub));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("kept existing key pair"));
    }

    @Test
    void writesEcSigningKeyPair() throws Exception {
        Path prefix = dir.resolve("ec");

        assertEquals(0, tool.run("keypair", "--out", prefix.toString(), "--key-type", "ec"), stderr());

        PublicKey publicKey = KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(derOf(Files.readString(Path.of(prefix + ".pub")))));
        assertSignsFor(Pem.readPrivateKey(Path.of(prefix + ".key")), publicKey, "SHA256withECDSA");
    }

    @Test
    void refusesHalfAKeyPairOrKeysThatDoNotMatch() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        tool.run("keypair", "--out", first.toString());
        tool.run("keypair", "--out", second.toString());
        Files.copy(Path.of(second + ".pub"), Path.of(first + ".pub"),
                StandardCopyOption.REPLACE_EXISTING);

        assertEquals(1, tool.run("keypair", "--out", first.toString()));
        assertTrue(stderr().contains("does not belong"), stderr());

        Files.delete(Path.of(second + ".pub"));
        err.reset();
        assertEquals(1, tool.run("keypair", "--out", second.toString()));
        assertTrue(stderr().contains("found only one of"), stderr());
        assertFalse(Files.exists(Path.of(second + ".pub")), "the lone private key is not paired with a new public key");
    }

    @Test
    void badArgumentsPrintUsageAndExitTwo() {
        List<String[]> badCommandLines = List.of(
                new String[] {},
                new String[] {"frobnicate"},
                new String[] {"ca"},
                new String[] {"ca", "--out-dir"},
                new String[] {"ca", "--out-dir", dir.toString(), "--colour", "blue"},
                new String[] {"ca", "--out-dir", dir.toString(), "--days", "-3"},
                new String[] {"ca", "--out-dir", dir.toString(), "--key-type", "dsa"},
                new String[] {"serving", "--ca-dir", dir.toString(), "--out", "x"},
                new String[] {"client", "--ca-dir", dir.toString(), "--user", "u"},
                new String[] {"keypair"},
                new String[] {"keypair", "--out", dir.resolve("k").toString(), "--key-type", "dsa"},
                new String[] {"keypair", "--out", dir.resolve("k").toString(), "--days", "3"});

        for (String[] args : badCommandLines) {
            err.reset();
            assertEquals(2, tool.run(args), String.join(" ", args));
            assertTrue(stderr().contains("Usage:"), stderr());
        }
        assertFalse(Files.exists(dir.resolve("ca.crt")), "nothing written on a usage error");
        assertFalse(Files.exists(dir.resolve("k.key")), "nothing written on a usage error");
    }

    @Test
    void missingCaFailsWithExitOne() {
        assertEquals(1, tool.run("client", "--ca-dir", dir.resolve("nowhere").toString(), "--user", "u",
                "--out", dir.resolve("u").toString()));
        assertTrue(stderr().contains("nowhere"), stderr());
    }

    private static byte[] derOf(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }

    private static void assertSignsFor(PrivateKey privateKey, PublicKey publicKey, String algorithm) throws Exception {
        byte[] message = "service-account token".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(privateKey);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(message);
        assertTrue(verifier.verify(signature), "the public key verifies what the private key signs");
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
