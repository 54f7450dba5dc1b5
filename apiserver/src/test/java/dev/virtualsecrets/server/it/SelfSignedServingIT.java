package dev.virtualsecrets.server.it;

import dev.virtualsecrets.server.AssembledServer;
import dev.virtualsecrets.server.CompletedConfig;
import dev.virtualsecrets.server.ServerAssembly;
import dev.virtualsecrets.server.config.ConfigLoader;
import dev.virtualsecrets.server.config.ServerConfig;
import dev.virtualsecrets.server.testsupport.OpenBaoDevServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Started without a serving certificate, the server makes a self-signed one in memory and serves TLS 1.2+. */
class SelfSignedServingIT {

    @Test
    void servesWithASelfSignedCertificate() throws Exception {
        OpenBaoDevServer vault = OpenBaoDevServer.shared();
        ServerConfig config = new ConfigLoader().load(null, Map.of(
                "VIRTUALSECRETS_SERVER_PORT", "0",
                "VIRTUALSECRETS_VAULT_ADDRESS", vault.address().toString(),
                "VIRTUALSECRETS_VAULT_TOKEN", vault.rootToken()));
        AssembledServer server = ServerAssembly.assemble(CompletedConfig.complete(config),
                new PrintStream(new ByteArrayOutputStream())).start();
        try {
            X509Certificate[] presented = new X509Certificate[1];
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    presented[0] = chain[0];
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
                socket.setEnabledProtocols(new String[]{"TLSv1.2"});
                socket.startHandshake();
                assertEquals("TLSv1.2", socket.getSession().getProtocol());
            }
            X509Certificate certificate = presented[0];
            assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
            List<String> names = certificate.getSubjectAlternativeNames().stream()
                    .map(san -> String.valueOf(san.get(1))).toList();
            assertTrue(names.contains("localhost") && names.contains("127.0.0.1"), names.toString());

            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
                socket.setEnabledProtocols(new String[]{"TLSv1.1"});
                boolean refused;
                try {
                    socket.startHandshake();
                    refused = false;
                } catch (java.io.IOException e) {
                    refused = true;
                }
                assertTrue(refused, "TLS 1.1 is refused");
            }
        } finally {
            server.stop();
        }
    }
}
