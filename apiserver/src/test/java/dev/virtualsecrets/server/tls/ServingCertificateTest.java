package dev.virtualsecrets.server.tls;

import dev.virtualsecrets.certs.CertificateAuthority;
import dev.virtualsecrets.certs.IssuedCertificate;
import dev.virtualsecrets.certs.KeyAlgorithm;
import dev.virtualsecrets.server.config.ConfigException;
import dev.virtualsecrets.server.config.ServerConfig;
import dev.virtualsecrets.server.testsupport.TrustAnyServer;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServingCertificateTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("test-ca", Duration.ofHours(1));

    @TempDir
    Path dir;
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void newConnectionsGetTheCertificateTheFilesHoldOnceItIsReloaded() throws Exception {
        Path certFile = dir.resolve("tls.crt");
        Path keyFile = dir.resolve("tls.key");
        IssuedCertificate first = issue("first", KeyAlgorithm.RSA_2048);
        first.writeTo(certFile, keyFile);
        ServingCertificate serving = new ServingCertificate(certFile, keyFile);
        ServerConfig.Server config = new ServerConfig.Server("127.0.0.1", 0, certFile, keyFile, List.of(), 4096,
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO);
        server = WebServer.builder().host("127.0.0.1").port(0).tls(ServerTls.create(config, serving))
                .routing(routing -> routing.get("/", (request, response) -> response.send("ok")))
                .build().start();
        assertEquals(first.certificate(), peerCertificate());

        IssuedCertificate second = issue("second", KeyAlgorithm.EC_P256);
        second.writeTo(certFile, keyFile);
        assertEquals(first.certificate(), peerCertificate(), "not read again before the next check");
        assertTrue(serving.reload());

        assertEquals(second.certificate(), peerCertificate(), "an EC certificate after an RSA one");
        assertEquals(second.certificate(), serving.served());
        assertFalse(serving.reload(), "unchanged files");
    }

    @Test
    void aKeyOfAnotherCertificateOrAHalfWrittenFileLeavesThePairInUse() throws Exception {
        Path certFile = dir.resolve("tls.crt");
        Path keyFile = dir.resolve("tls.key");
        IssuedCertificate first = issue("first", KeyAlgorithm.EC_P256);
        first.writeTo(certFile, keyFile);
        ServingCertificate serving = new ServingCertificate(certFile, keyFile);

        IssuedCertificate second = issue("second", KeyAlgorithm.EC_P256);
        Files.writeString(certFile, second.certificatePem()); // the key is still the first one's
        assertFalse(serving.reload());
        assertEquals(first.certificate(), serving.served());

        Files.writeString(keyFile, second.privateKeyPem().substring(0, 40));
        assertFalse(serving.reload());
        assertEquals(first.certificate(), serving.served());

        Files.writeString(keyFile, second.privateKeyPem());
        assertTrue(serving.reload());
        assertEquals(second.certificate(), serving.served());
    }

    @Test
    void aMismatchedPairAtStartIsAConfigurationErrorThatNamesNoKeyMaterial() {
        Path certFile = dir.resolve("tls.crt");
        Path keyFile = dir.resolve("tls.key");
        IssuedCertificate first = issue("first", KeyAlgorithm.RSA_2048);
        IssuedCertificate second = issue("second", KeyAlgorithm.RSA_2048);
        first.writeTo(certFile, keyFile);
        assertEquals(first.certificate(), new ServingCertificate(certFile, keyFile).served());
        second.writeTo(dir.resolve("other.crt"), keyFile);

        ConfigException mismatch = assertThrows(ConfigException.class, () -> new ServingCertificate(certFile, keyFile));
        assertTrue(mismatch.getMessage().contains("is not the key of the certificate"), mismatch.getMessage());
        assertFalse(mismatch.getMessage().contains("PRIVATE KEY-----"));
    }

    private static IssuedCertificate issue(String name, KeyAlgorithm algorithm) {
        return CA.issueServing(name, List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1), algorithm);
    }

    private X509Certificate peerCertificate() throws Exception {
        try (SSLSocket socket = (SSLSocket) TrustAnyServer.sslContext().getSocketFactory()
                .createSocket("127.0.0.1", server.port())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
