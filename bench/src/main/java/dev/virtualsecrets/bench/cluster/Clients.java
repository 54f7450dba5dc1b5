package dev.virtualsecrets.bench.cluster;

import dev.virtualsecrets.certs.IssuedCertificate;
import dev.virtualsecrets.certs.KeyStores;
import dev.virtualsecrets.certs.Pem;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * HTTP clients for the benchmark. All speak HTTP/1.1, as kubectl and most clients do towards a
 * single host, so every concurrent request or watch has its own kept-alive connection.
 */
public final class Clients {

    private Clients() {
    }

    /** Authenticates with the admin client certificate ({@code system:masters}) and trusts the stack's CAs. */
    public static HttpClient admin(DevCluster cluster) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(sslContext(cluster))
                .build();
    }

    /** Authenticates with {@code user}'s client certificate and trusts the stack's CAs. */
    public static HttpClient as(DevCluster cluster, IssuedCertificate user) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(sslContext(cluster, user.privateKey(), user.chain()))
                .build();
    }

    /** Plain HTTP to OpenBao's dev listener. */
    public static HttpClient plain() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static SSLContext sslContext(DevCluster cluster) {
        return sslContext(cluster, Pem.readPrivateKey(cluster.clientKey()), Pem.readCertificates(cluster.clientCert()));
    }

    private static SSLContext sslContext(DevCluster cluster, PrivateKey key, List<X509Certificate> chain) {
        char[] password = "bench".toCharArray();
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(KeyStores.keyStore(key, chain, password), password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(KeyStores.trustStore(caCertificates(cluster.caCertificates())));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the client TLS context", e);
        }
    }

    private static List<X509Certificate> caCertificates(List<Path> files) {
        return files.stream().flatMap(file -> Pem.readCertificates(file).stream()).toList();
    }
}
