package dev.virtualsecrets.server.authn;

import dev.virtualsecrets.server.cache.CacheMetrics;
import dev.virtualsecrets.server.cache.Caches;
import dev.virtualsecrets.server.kube.KubernetesCallException;
import dev.virtualsecrets.server.testsupport.MutableClock;
import dev.virtualsecrets.server.user.CallerIdentity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenReviewAuthenticatorTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.app-token.signature";
    private static final CallerIdentity APP = new CallerIdentity("system:serviceaccount:demo:app",
            List.of("system:serviceaccounts", "system:serviceaccounts:demo"), Map.of());

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    private final List<String> reviewed = new ArrayList<>();

    private TokenReviewAuthenticator authenticator(TokenReviewAuthenticator.TokenReviewer reviewer) {
        return new TokenReviewAuthenticator(token -> {
            reviewed.add(token);
            return reviewer.review(token);
        }, Duration.ofSeconds(10), 100, new Caches(clock, CacheMetrics.none()));
    }

    private static AuthenticationRequest bearer(String value) {
        return new AuthenticationRequest(List.of(), Map.of("authorization", List.of(value)));
    }

    @Test
    void aBearerTokenIsReviewedAndTheReviewedUserReturned() {
        TokenReviewAuthenticator authenticator = authenticator(token -> Optional.of(APP));

        assertEquals(Optional.of(APP), authenticator.authenticate(bearer("Bearer " + TOKEN)));
        assertEquals(List.of(TOKEN), reviewed);
    }

    @Test
    void resultsAreReusedForTheTtlThenReviewedAgain() {
        TokenReviewAuthenticator authenticator = authenticator(token -> Optional.of(APP));

        authenticator.authenticate(bearer("Bearer " + TOKEN));
        clock.advance(Duration.ofSeconds(9));
        authenticator.authenticate(bearer("bearer " + TOKEN));
        assertEquals(1, reviewed.size());

        clock.advance(Duration.ofSeconds(1));
        authenticator.authenticate(bearer("Bearer " + TOKEN));
        assertEquals(2, reviewed.size());
    }

    @Test
    void aRejectedTokenIsCachedToo() {
        TokenReviewAuthenticator authenticator = authenticator(token -> Optional.empty());

        assertEquals(Optional.empty(), authenticator.authenticate(bearer("Bearer " + TOKEN)));
        assertEquals(Optional.empty(), authenticator.authenticate(bearer("Bearer " + TOKEN)));
        assertEquals(1, reviewed.size());
    }

    @Test
    void whenKubeApiserverCannotBeAskedNobodyIsAuthenticatedAndNothingIsCached() {
        TokenReviewAuthenticator authenticator = authenticator(token -> {
            throw new KubernetesCallException("TokenReview", 0);
        });

        assertEquals(Optional.empty(), authenticator.authenticate(bearer("Bearer " + TOKEN)));
        assertEquals(Optional.empty(), authenticator.authenticate(bearer("Bearer " + TOKEN)));
        assertEquals(2, reviewed.size());
    }

    @Test
    void requestsWithoutABearerTokenAreNotThisAuthenticatorsBusiness() {
        TokenReviewAuthenticator authenticator = authenticator(token -> Optional.of(APP));

        assertEquals(Optional.empty(), authenticator.authenticate(
                new AuthenticationRequest(List.of(), Map.of())));
        assertEquals(Optional.empty(), authenticator.authenticate(bearer("Basic YWxpY2U6cGFzcw==")));
        assertEquals(Optional.empty(), authenticator.authenticate(bearer("Bearer ")));
        assertTrue(reviewed.isEmpty());
    }
}
