package dev.virtualsecrets.server.authz;

import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.cache.CacheMetrics;
import dev.virtualsecrets.server.cache.Caches;
import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.kube.KubernetesCallException;
import dev.virtualsecrets.server.testsupport.MutableClock;
import dev.virtualsecrets.server.user.CallerIdentity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubjectAccessReviewAuthorizerTest {

    private static final CallerIdentity ADMIN = CallerIdentity.of("admin", List.of("system:masters", "system:authenticated"));
    private static final CallerIdentity ALICE = new CallerIdentity("alice", List.of("dev", "system:authenticated"),
            Map.of("scopes", List.of("a")));
    private static final RequestInfo GET_DB = new RequestInfo(true,
            "/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets/db",
            "get", "virtualsecrets.dev", "v1alpha1", "demo", "virtualsecrets", "db", null);
    private static final RequestInfo LIST_ALL = new RequestInfo(true, "/apis/virtualsecrets.dev/v1alpha1/virtualsecrets",
            "list", "virtualsecrets.dev", "v1alpha1", null, "virtualsecrets", null, null);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    private final List<AccessReview> asked = new ArrayList<>();

    private SubjectAccessReviewAuthorizer authorizer(boolean allowed, String reason) {
        return new SubjectAccessReviewAuthorizer(review -> {
            asked.add(review);
            return new SubjectAccessReviewAuthorizer.Verdict(allowed, reason);
        }, Duration.ofSeconds(10), Duration.ofSeconds(10), 100,
                new Caches(clock, CacheMetrics.none()));
    }

    @Test
    void systemMastersAreAllowedWithoutAsking() {
        assertEquals("system:masters", authorizer(false, "").authorize(ADMIN, GET_DB));
        assertTrue(asked.isEmpty());
    }

    @Test
    void theReviewCarriesTheWholeCallerAndResource() {
        assertEquals("SubjectAccessReview", authorizer(true, "").authorize(ALICE, GET_DB));

        assertEquals(List.of(new AccessReview("alice", List.of("dev", "system:authenticated"),
                Map.of("scopes", List.of("a")), true, "get", "virtualsecrets.dev", "v1alpha1", "demo",
                "virtualsecrets", null, "db", null)), asked);
    }

    @Test
    void nonResourceRequestsAreReviewedByPathAndVerb() {
        authorizer(true, "").authorize(ALICE, RequestInfo.nonResource("/openapi/v2", "get"));

        AccessReview review = asked.getFirst();
        assertEquals("/openapi/v2", review.path());
        assertEquals("get", review.verb());
        assertFalse(review.resourceRequest());
        assertNull(review.resource());
    }

    @Test
    void decisionsAreReusedForTheirTtlThenAskedAgain() {
        SubjectAccessReviewAuthorizer authorizer = authorizer(true, "");
        authorizer.authorize(ALICE, GET_DB);
        clock.advance(Duration.ofSeconds(9));
        assertEquals("SubjectAccessReview (cached)", authorizer.authorize(ALICE, GET_DB));
        assertEquals(1, asked.size());

        clock.advance(Duration.ofSeconds(1));
        assertEquals("SubjectAccessReview", authorizer.authorize(ALICE, GET_DB));
        assertEquals(2, asked.size());
    }

    @Test
    void aDenialIsKeptForTheDenyTtlAndAnAllowanceForTheAllowTtl() {
        SubjectAccessReviewAuthorizer authorizer = new SubjectAccessReviewAuthorizer(review -> {
            asked.add(review);
            return new SubjectAccessReviewAuthorizer.Verdict(review.verb().equals("get"), "");
        }, Duration.ofSeconds(10), Duration.ofSeconds(2), 100, new Caches(clock, CacheMetrics.none()));
        authorizer.authorize(ALICE, GET_DB);
        assertThrows(ApiException.class, () -> authorizer.authorize(ALICE, LIST_ALL));

        clock.advance(Duration.ofSeconds(2));
        assertThrows(ApiException.class, () -> authorizer.authorize(ALICE, LIST_ALL));
        assertEquals("SubjectAccessReview (cached)", authorizer.authorize(ALICE, GET_DB));
        assertEquals(List.of("get", "list", "list"), asked.stream().map(AccessReview::verb).toList());
    }

    @Test
    void theCacheKeyIsTheWholeSpec() {
        SubjectAccessReviewAuthorizer authorizer = authorizer(true, "");
        authorizer.authorize(ALICE, GET_DB);
        authorizer.authorize(new CallerIdentity("alice", List.of("system:authenticated"), Map.of("scopes", List.of("a"))),
                GET_DB);
        authorizer.authorize(new CallerIdentity("alice", List.of("dev", "system:authenticated"), Map.of()), GET_DB);
        authorizer.authorize(ALICE, LIST_ALL);

        assertEquals(4, asked.size());
    }

    @Test
    void aDenialIsForbiddenInTheKubernetesFormatAndCached() {
        SubjectAccessReviewAuthorizer authorizer = authorizer(false, "");
        ApiException first = assertThrows(ApiException.class, () -> authorizer.authorize(ALICE, GET_DB));
        ApiException second = assertThrows(ApiException.class, () -> authorizer.authorize(ALICE, GET_DB));

        assertEquals(403, first.code());
        assertEquals("Forbidden", first.reason());
        assertEquals("virtualsecrets.virtualsecrets.dev \"db\" is forbidden: User \"alice\" cannot get resource "
                + "\"virtualsecrets\" in API group \"virtualsecrets.dev\" in the namespace \"demo\"", first.getMessage());
        assertEquals(first.getMessage(), second.getMessage());
        assertEquals(1, asked.size());
    }

    @Test
    void theReviewersReasonIsAppended() {
        ApiException denied = assertThrows(ApiException.class,
                () -> authorizer(false, "no RBAC policy matched").authorize(ALICE, LIST_ALL));

        assertEquals("virtualsecrets.virtualsecrets.dev is forbidden: User \"alice\" cannot list resource "
                + "\"virtualsecrets\" in API group \"virtualsecrets.dev\" at the cluster scope: no RBAC policy matched",
                denied.getMessage());
    }

    @Test
    void aDeniedNonResourceRequestNamesThePath() {
        ApiException denied = assertThrows(ApiException.class,
                () -> authorizer(false, "").authorize(ALICE, RequestInfo.nonResource("/metrics", "get")));

        assertEquals("forbidden: User \"alice\" cannot get path \"/metrics\"", denied.getMessage());
    }

    @Test
    void whenKubeApiserverCannotDecideTheRequestFailsClosed() {
        SubjectAccessReviewAuthorizer authorizer = new SubjectAccessReviewAuthorizer(review -> {
            throw new KubernetesCallException("SubjectAccessReview", 0);
        }, Duration.ofSeconds(10), Duration.ofSeconds(10), 100,
                new Caches(clock, CacheMetrics.none()));

        ApiException error = assertThrows(ApiException.class, () -> authorizer.authorize(ALICE, GET_DB));
        assertEquals(500, error.code());
        assertEquals("InternalError", error.reason());
        assertTrue(error.getMessage().contains("refused"), error.getMessage());
    }
}
