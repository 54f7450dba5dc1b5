package dev.virtualsecrets.server.authn;

import com.github.benmanes.caffeine.cache.Cache;
import dev.virtualsecrets.server.cache.Caches;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Bearer tokens ({@code Authorization: Bearer ...}), checked by a TokenReview to kube-apiserver
 * like k8s.io/apiserver's delegating authenticator. Results, authenticated or not, are reused for
 * the cache TTL, keyed by the token's SHA-256 (the token itself is never kept or logged). When
 * kube-apiserver cannot be asked, the token authenticates nobody (401).
 */
public final class TokenReviewAuthenticator implements Authenticator {

    /** Asks kube-apiserver about a token: the caller, or empty when it is not authenticated. */
    @FunctionalInterface
    public interface TokenReviewer {
        Optional<CallerIdentity> review(String token);
    }

    private static final Logger LOG = Logger.getLogger(TokenReviewAuthenticator.class.getName());
    private static final String BEARER = "bearer ";
    /** The cache's name in the metrics. */
    static final String CACHE_NAME = "token_reviews";

    private final TokenReviewer reviewer;
    private final Cache<String, Optional<CallerIdentity>> results;

    public TokenReviewAuthenticator(TokenReviewer reviewer, Duration cacheTtl, int maxEntries, Caches caches) {
        this(reviewer, cacheTtl, maxEntries, caches, CACHE_NAME);
    }

    /** With its own cache, named {@code cacheName} in the metrics (e.g. the peers' tokens). */
    public TokenReviewAuthenticator(TokenReviewer reviewer, Duration cacheTtl, int maxEntries, Caches caches,
                                    String cacheName) {
        this.reviewer = reviewer;
        this.results = caches.expiringAfter(cacheName, maxEntries, cacheTtl);
    }

    @Override
    public Optional<CallerIdentity> authenticate(AuthenticationRequest request) {
        String token = bearerToken(request);
        if (token == null) {
            return Optional.empty();
        }
        String key = sha256(token);
        Optional<CallerIdentity> cached = results.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Optional<CallerIdentity> caller;
        try {
            caller = reviewer.review(token);
        } catch (RuntimeException e) {
            // Not cached: the next request asks again. The message may quote the request, not logged.
            LOG.log(Level.WARNING, "TokenReview failed ({0}); the bearer token authenticates nobody",
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
        results.put(key, caller);
        return caller;
    }

    private static String bearerToken(AuthenticationRequest request) {
        for (String value : request.header("authorization")) {
            if (value.length() > BEARER.length() && value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                String token = value.substring(BEARER.length()).trim();
                if (!token.isEmpty()) {
                    return token;
                }
            }
        }
        return null;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
