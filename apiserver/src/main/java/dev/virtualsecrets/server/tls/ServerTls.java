package dev.virtualsecrets.server.tls;

import dev.virtualsecrets.certs.IssuedCertificate;
import dev.virtualsecrets.certs.KeyStores;
import dev.virtualsecrets.certs.SelfSigned;
import dev.virtualsecrets.server.config.ConfigException;
import dev.virtualsecrets.server.config.ServerConfig;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.logging.Logger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The HTTPS listener's TLS: TLS 1.2 and 1.3, the configured serving certificate (reloaded when its
 * files change, {@link ServingCertificate}) or a self-signed one made in memory, and optional client
 * certificates verified later by the authenticators.
 */
public final class ServerTls {

    private static final Logger LOG = Logger.getLogger(ServerTls.class.getName());
    private static final char[] IN_MEMORY_PASSWORD = new char[0];

    private ServerTls() {
    }

    /** The configured certificate files, or null when none are set (a self-signed certificate is used). */
    public static ServingCertificate servingCertificate(ServerConfig.Server server) {
        if (server.certFile() != null && server.keyFile() != null) {
            return new ServingCertificate(server.certFile(), server.keyFile());
        }
        if (server.certFile() != null || server.keyFile() != null) {
            throw new ConfigException("server.certFile and server.keyFile must be set together");
        }
        return null;
    }

    /** TLS with the configured certificate, not reloaded, or a self-signed one. */
    public static Tls create(ServerConfig.Server server) {
        return create(server, servingCertificate(server));
    }

    /** TLS with {@code certificate}'s key manager, or (null) a self-signed certificate for server.selfSignedHosts. */
    public static Tls create(ServerConfig.Server server, ServingCertificate certificate) {
        KeyManager keys = certificate != null ? certificate.keyManager() : selfSigned(server.selfSignedHosts());
        return Tls.builder()
                .sslContext(sslContext(keys))
                .clientAuth(TlsClientAuth.OPTIONAL)
                .endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_NONE)
                .enabledProtocols(List.of("TLSv1.3", "TLSv1.2"))
                .build();
    }

    private static KeyManager selfSigned(List<String> hosts) {
        IssuedCertificate selfSigned = SelfSigned.serving(
                hosts.stream().filter(h -> !isIpAddress(h)).toList(),
                hosts.stream().filter(ServerTls::isIpAddress).toList());
        LOG.warning("no serving certificate configured: using a self-signed certificate for " + hosts);
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(KeyStores.keyStore(selfSigned.privateKey(), selfSigned.chain(), IN_MEMORY_PASSWORD),
                    IN_MEMORY_PASSWORD);
            return keyManagers.getKeyManagers()[0];
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot build the TLS context: " + e.getMessage());
        }
    }

    private static SSLContext sslContext(KeyManager keys) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[]{keys}, new TrustManager[]{new AnyClientCertificateTrustManager()},
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
