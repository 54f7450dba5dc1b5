package dev.virtualsecrets.certs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A real TLS 1.3 handshake with mutual authentication, using only what this module issues. */
class TlsHandshakeTest {

    private static final char[] PASSWORD = "in-memory".toCharArray();

    private final CertificateAuthority ca = CertificateAuthority.create("tls-test-ca", Duration.ofDays(1));
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private SSLServerSocket server;

    @BeforeEach
    void startServer() throws Exception {
        IssuedCertificate serving = ca.issueServing("localhost", List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofDays(1));
        SSLContext context = sslContext(serving, ca.certificate());
        server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        server.setSoTimeout(10_000);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
        executor.shutdownNow();
    }

    @Test
    void serverSeesClientCommonNameAndGroups() throws Exception {
        Future<String> seenByServer = executor.submit(this::acceptOneAndReportPeer);
        IssuedCertificate client = ca.issueClient("alice", List.of("team-a", "team-b"), Duration.ofHours(1));

        try (SSLSocket socket = connect(sslContext(client, ca.certificate()))) {
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertEquals("alice [team-a, team-b]", reply);
            assertEquals("CN=localhost",
                    ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName());
        }
        assertEquals("alice [team-a, team-b]", seenByServer.get(10, TimeUnit.SECONDS));
    }

    @Test
    void clientFromAnotherCaIsRejected() throws Exception {
        Future<String> seenByServer = executor.submit(this::acceptOneAndReportPeer);
        CertificateAuthority otherCa = CertificateAuthority.create("other-ca", Duration.ofDays(1));
        IssuedCertificate stranger = otherCa.issueClient("mallory", List.of(), Duration.ofHours(1));

        assertThrows(IOException.class, () -> {
            try (SSLSocket socket = connect(sslContext(stranger, ca.certificate()))) {
                socket.getInputStream().read();
            }
        });
        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> seenByServer.get(10, TimeUnit.SECONDS));
        assertInstanceOf(SSLException.class, failure.getCause());
    }

    @Test
    void clientNotTrustingTheCaRejectsTheServer() throws Exception {
        executor.submit(this::acceptOneAndReportPeer);
        CertificateAuthority otherCa = CertificateAuthority.create("other-ca", Duration.ofDays(1));
        IssuedCertificate client = ca.issueClient("alice", List.of(), Duration.ofHours(1));

        assertThrows(SSLException.class, () -> {
            try (SSLSocket socket = connect(sslContext(client, otherCa.certificate()))) {
                socket.startHandshake();
            }
        });
    }

    private String acceptOneAndReportPeer() throws IOException {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
            socket.startHandshake();
            X509Certificate peer = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            CertificateSubject subject = CertificateSubject.of(peer);
            String seen = subject.commonName() + " " + subject.organizations();
            PrintWriter writer = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            writer.println(seen);
            return seen;
        }
    }

    /** Connects to 127.0.0.1 with hostname verification on, so the IP SAN is checked too. */
    private SSLSocket connect(SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static SSLContext sslContext(IssuedCertificate identity, X509Certificate trusted) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(KeyStores.keyStore(identity, PASSWORD), PASSWORD);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(KeyStores.trustStore(List.of(trusted)));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
