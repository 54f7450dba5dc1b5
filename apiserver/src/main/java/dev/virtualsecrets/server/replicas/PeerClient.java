package dev.virtualsecrets.server.replicas;

import dev.virtualsecrets.server.user.CallerIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Sends a request this replica authenticated and authorized to the replica that owns its identity:
 * the same method, path, query, headers and body, with the caller in
 * {@code X-VirtualSecrets-Forwarded-*} headers and this replica's ServiceAccount token as the
 * bearer, which the owner's {@code PeerAuthenticator} requires before it believes those headers.
 */
public final class PeerClient {

    public static final String USER = "X-VirtualSecrets-Forwarded-User";
    public static final String GROUP = "X-VirtualSecrets-Forwarded-Group";
    public static final String EXTRA_PREFIX = "X-VirtualSecrets-Forwarded-Extra-";
    public static final String FORWARDED_PREFIX = "x-virtualsecrets-forwarded-";
    /**
     * Not copied: hop-by-hop, set by the client library, or credentials of the original connection
     * (nor kube-apiserver's X-Remote-* identity headers: the forwarded caller replaces them).
     */
    private static final Set<String> NOT_COPIED = Set.of("host", "connection", "content-length", "transfer-encoding",
            "expect", "upgrade", "keep-alive", "te", "trailer", "proxy-authorization", "authorization", "http2-settings");

    private final HttpClient http;
    private final Path tokenFile;
    private final Duration connectTimeout;

    /**
     * @param served    the certificate this replica serves (peers must present the same)
     * @param tokenFile this replica's ServiceAccount token, read at each call (the kubelet rotates it)
     */
    public PeerClient(Supplier<X509Certificate> served, Path tokenFile, Duration connectTimeout) {
        this.tokenFile = tokenFile;
        this.connectTimeout = connectTimeout;
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[]{new PeerTrust(served)}, null);
            this.http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the peer TLS context", e);
        }
    }

    /** The request as it reached this replica; {@code pathAndQuery} is raw (still encoded). */
    public record Forwarded(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body,
                            CallerIdentity caller) {
    }

    /**
     * The owner's answer, its body to be streamed (a watch stays open as long as the owner keeps it).
     * Fails with an IOException when the owner cannot be reached or does not present this replica's
     * certificate: the caller then serves the request itself.
     */
    public HttpResponse<InputStream> send(Replica owner, Forwarded request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(owner.address() + request.pathAndQuery()))
                .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_COPIED.contains(lower) && !lower.startsWith(FORWARDED_PREFIX) && !lower.startsWith("x-remote-")) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        CallerIdentity caller = request.caller();
        builder.header("Authorization", "Bearer " + token());
        builder.header(USER, caller.user());
        caller.groups().forEach(group -> builder.header(GROUP, group));
        caller.extra().forEach((key, values) -> values.forEach(value ->
                builder.header(EXTRA_PREFIX + URLEncoder.encode(key, StandardCharsets.UTF_8), value)));
        HttpRequest forwarded = builder.build();
        try {
            return http.send(forwarded, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw e; // the owner does not accept connections: no second try
        } catch (IOException e) {
            if (request.method().equals("GET")) {
                throw e; // the JDK client already tried a GET again on a new connection
            }
            // A pooled connection the owner closed meanwhile fails a request with a body at once; the
            // JDK client retries only GETs itself. Once more, on another connection.
            return http.send(forwarded, HttpResponse.BodyHandlers.ofInputStream());
        }
    }

    private String token() {
        try {
            return Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot read the peer token file " + tokenFile + ": "
                    + e.getClass().getSimpleName()));
        }
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }
}
