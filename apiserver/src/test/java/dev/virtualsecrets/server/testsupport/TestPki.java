package dev.virtualsecrets.server.testsupport;

import dev.virtualsecrets.certs.CertificateAuthority;
import dev.virtualsecrets.certs.IssuedCertificate;
import dev.virtualsecrets.certs.KeyStores;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates of a test run: a serving CA and certificate for 127.0.0.1/localhost, a client
 * CA with an admin (system:masters) and a plain user, and a front-proxy CA with kube-apiserver's
 * proxy client certificate. Written to a directory for the server's configuration.
 */
public final class TestPki {

    public static final String ADMIN = "admin";
    public static final String USER = "jane";
    public static final String FRONT_PROXY_CN = "front-proxy-client";

    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final char[] PASSWORD = "test".toCharArray();

    private final Path dir;
    private final CertificateAuthority servingCa;
    private final CertificateAuthority clientCa;
    private final CertificateAuthority frontProxyCa;
    private final IssuedCertificate serving;
    private final IssuedCertificate admin;
    private final IssuedCertificate user;
    private final IssuedCertificate frontProxy;

    private TestPki(Path dir) {
        this.dir = dir;
        servingCa = CertificateAuthority.create("virtualsecrets-test-serving-ca", VALIDITY);
        clientCa = CertificateAuthority.create("virtualsecrets-test-client-ca", VALIDITY);
        frontProxyCa = CertificateAuthority.create("virtualsecrets-test-front-proxy-ca", VALIDITY);
        serving = servingCa.issueServing("virtualsecrets", List.of("localhost"), List.of("127.0.0.1"), VALIDITY);
        admin = clientCa.issueClient(ADMIN, List.of("system:masters"), VALIDITY);
        user = clientCa.issueClient(USER, List.of("developers"), VALIDITY);
        frontProxy = frontProxyCa.issueClient(FRONT_PROXY_CN, List.of(), VALIDITY);
        servingCa.writeTo(dir.resolve("serving-ca.crt"), dir.resolve("serving-ca.key"));
        clientCa.writeTo(dir.resolve("client-ca.crt"), dir.resolve("client-ca.key"));
        frontProxyCa.writeTo(dir.resolve("front-proxy-ca.crt"), dir.resolve("front-proxy-ca.key"));
        serving.writeTo(dir.resolve("serving.crt"), dir.resolve("serving.key"));
        admin.writeTo(dir.resolve("admin.crt"), dir.resolve("admin.key"));
        user.writeTo(dir.resolve("user.crt"), dir.resolve("user.key"));
        frontProxy.writeTo(dir.resolve("front-proxy-client.crt"), dir.resolve("front-proxy-client.key"));
    }

    public static TestPki createIn(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new TestPki(dir);
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public CertificateAuthority clientCa() {
        return clientCa;
    }

    public CertificateAuthority frontProxyCa() {
        return frontProxyCa;
    }

    public IssuedCertificate admin() {
        return admin;
    }

    public IssuedCertificate user() {
        return user;
    }

    public IssuedCertificate frontProxy() {
        return frontProxy;
    }

    /** TLS that trusts the serving CA and presents {@code client} (null: no client certificate). */
    public SSLContext sslContext(IssuedCertificate client) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(KeyStores.trustStore(List.of(servingCa.certificate())));
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManagerFactory keys = null;
            if (client != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                KeyStore store = KeyStores.keyStore(client, PASSWORD);
                keys.init(store, PASSWORD);
            }
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
