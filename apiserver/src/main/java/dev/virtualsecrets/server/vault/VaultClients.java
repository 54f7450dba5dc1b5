package dev.virtualsecrets.server.vault;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.InterceptingClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.web.client.RestOperations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds Spring Vault clients on the JDK {@link HttpClient}. Always passes the request factory
 * explicitly: {@code new VaultTemplate(endpoint, auth)} would silently fall back to
 * {@code HttpURLConnection} without our timeouts or trust settings.
 */
public final class VaultClients {

    private VaultClients() {
    }

    /** Connection settings shared by every client of one Vault. {@code caCertificate} may be null. */
    public record Settings(URI address, Duration connectTimeout, Duration readTimeout, Path caCertificate) {
        public Settings {
            if (address == null || connectTimeout == null || readTimeout == null) {
                throw new IllegalArgumentException("address, connectTimeout and readTimeout are required");
            }
        }
    }

    /** A template that sends {@code token} with every request. The token is never logged. */
    public static VaultTemplate template(Settings settings, String token) {
        SimpleSessionManager sessions = new SimpleSessionManager(new TokenAuthentication(token));
        return new VaultTemplate(VaultEndpoint.from(settings.address()), requestFactory(settings), sessions);
    }

    /**
     * A template without a session: callers add their own token per request
     * ({@link TokenVaultSession}), so all identities share one HTTP client and JSON mapper.
     */
    public static VaultTemplate sessionless(Settings settings) {
        return new VaultTemplate(VaultEndpoint.from(settings.address()), requestFactory(settings));
    }

    /** A session-less template over {@code requestFactory} (e.g. {@link #serverRequests}). */
    public static VaultTemplate sessionless(Settings settings, ClientHttpRequestFactory requestFactory) {
        return new VaultTemplate(VaultEndpoint.from(settings.address()), requestFactory);
    }

    /** Vault's API over {@code requestFactory} without a token: for Spring Vault's logins and session manager. */
    public static RestOperations rest(Settings settings, ClientHttpRequestFactory requestFactory) {
        return org.springframework.vault.client.VaultClients.createRestTemplate(
                VaultEndpoint.from(settings.address()), requestFactory);
    }

    /**
     * The request factory of the server's Vault calls: each fails at once, as unreachable, while
     * {@code available} says no, and carries {@code X-Vault-Namespace} when a namespace is set
     * (Vault Enterprise and OpenBao namespaces; null = the root namespace).
     */
    public static ClientHttpRequestFactory serverRequests(Settings settings, BooleanSupplier available,
                                                          String namespace) {
        List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>();
        interceptors.add(new VaultUnavailableGuard(available));
        if (namespace != null && !namespace.isBlank()) {
            interceptors.add(org.springframework.vault.client.VaultClients.createNamespaceInterceptor(namespace));
        }
        return new InterceptingClientHttpRequestFactory(requestFactory(settings), interceptors);
    }

    /** A request factory bounded by the connect and read timeouts, trusting the CA if given. */
    public static ClientHttpRequestFactory requestFactory(Settings settings) {
        HttpClient.Builder http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.caCertificate() != null) {
            http.sslContext(trusting(settings.caCertificate()));
        }
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http.build());
        factory.setReadTimeout(settings.readTimeout());
        return factory;
    }

    private static SSLContext trusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no certificate in Vault CA file " + caPem);
            }
            KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
            trustStore.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trustStore.setCertificateEntry("vault-ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Vault CA file " + caPem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid Vault CA file " + caPem, e);
        }
    }
}
