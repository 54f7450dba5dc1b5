package dev.virtualsecrets.csi.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads VirtualSecrets through kube-apiserver with the pod's own ServiceAccount token, so that
 * kube-apiserver's RBAC and the VirtualSecrets server's Vault login see the pod's identity.
 */
public final class VirtualSecretReader {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI apiServer;
    private final ObjectMapper json = new ObjectMapper();

    public VirtualSecretReader(URI apiServer, Path caFile) {
        this.apiServer = apiServer;
        this.http = HttpClient.newBuilder().sslContext(trusting(caFile)).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The VirtualSecret {@code namespace/name}, read with {@code token}. */
    public SecretRead read(String namespace, String name, String token) {
        URI uri = apiServer.resolve("/apis/virtualsecrets.dev/v1alpha1/namespaces/" + encode(namespace)
                + "/virtualsecrets/" + encode(name));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json")
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<InputStream> response;
        JsonNode body;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = json.readTree(in);
            }
        } catch (IOException e) {
            throw new ReadFailedException(ReadFailedException.Reason.UNAVAILABLE, "kube-apiserver could not be read ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadFailedException(ReadFailedException.Reason.UNAVAILABLE, "interrupted");
        }
        if (response.statusCode() != 200) {
            throw new ReadFailedException(reason(response.statusCode()), statusMessage(response.statusCode(), body));
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        body.path("data").properties().forEach(entry ->
                data.put(entry.getKey(), Base64.getDecoder().decode(entry.getValue().asText())));
        return new SecretRead(name, body.path("metadata").path("resourceVersion").asText(), data);
    }

    private static ReadFailedException.Reason reason(int code) {
        return switch (code) {
            case 401 -> ReadFailedException.Reason.UNAUTHENTICATED;
            case 403 -> ReadFailedException.Reason.FORBIDDEN;
            case 404 -> ReadFailedException.Reason.NOT_FOUND;
            case 400, 422 -> ReadFailedException.Reason.INVALID;
            default -> ReadFailedException.Reason.UNAVAILABLE;
        };
    }

    /** kube-apiserver's Status message; only that field of the body is ever used. */
    private static String statusMessage(int code, JsonNode body) {
        String message = body == null ? "" : body.path("message").asText("");
        return message.isEmpty() ? "kube-apiserver answered " + code : message;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, (X509Certificate) certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, factory.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read kube-apiserver's CA from " + caFile + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }
}
