package dev.virtualsecrets.server.tls;

import dev.virtualsecrets.certs.IssuedCertificate;
import dev.virtualsecrets.certs.KeyStores;
import dev.virtualsecrets.certs.Pem;
import dev.virtualsecrets.certs.SelfSigned;
import dev.virtualsecrets.server.config.ConfigException;
import dev.virtualsecrets.server.config.ServerConfig;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The HTTPS listener's TLS: TLS 1.2 and 1.3, the configured serving certificate (or a self-signed
 * one made in memory), and optional client certificates verified later by the authenticators.
 */
public final class ServerTls {

    private static final Logger LOG = Logger.getLogger(ServerTls.class.getName());
    private static final char[] IN_MEMORY_PASSWORD = new char[0];

    private ServerTls() {
    }

    public static Tls create(ServerConfig.Server server) {
        List<X509Certificate> chain;
        PrivateKey key;
        if (server.certFile() != null && server.keyFile() != null) {
            chain = Pem.readCertificates(server.certFile());
            key = Pem.readPrivateKey(server.keyFile());
            if (chain.isEmpty()) {
                throw new ConfigException("server.certFile " + server.certFile() + " holds no certificate");
            }
        } else if (server.certFile() != null || server.keyFile() != null) {
            throw new ConfigException("server.certFile and server.keyFile must be set together");
        } else {
            List<String> hosts = server.selfSignedHosts();
            IssuedCertificate selfSigned = SelfSigned.serving(
                    hosts.stream().filter(h -> !isIpAddress(h)).toList(),
                    hosts.stream().filter(ServerTls::isIpAddress).toList());
            chain = selfSigned.chain();
            key = selfSigned.privateKey();
            LOG.warning("no serving certificate configured: using a self-signed certificate for " + hosts);
        }
        return Tls.builder()
                .sslContext(sslContext(chain, key))
                .clientAuth(TlsClientAuth.OPTIONAL)
                .endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_NONE)
                .enabledProtocols(List.of("TLSv1.3", "TLSv1.2"))
                .build();
    }

    private static SSLContext sslContext(List<X509Certificate> chain, PrivateKey key) {
        try {
            KeyStore keyStore = KeyStores.keyStore(key, chain, IN_MEMORY_PASSWORD);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, IN_MEMORY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), new TrustManager[]{new AnyClientCertificateTrustManager()},
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot build the TLS context: " + e.getMessage());
        }
    }

    private static boolean isIpAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }
}
