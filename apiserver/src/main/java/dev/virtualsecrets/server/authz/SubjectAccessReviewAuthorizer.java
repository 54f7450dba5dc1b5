package dev.virtualsecrets.server.authz;

import com.github.benmanes.caffeine.cache.Cache;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.cache.Caches;
import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delegated authorization, like k8s.io/apiserver's: {@code system:masters} is allowed without
 * asking; everyone else is decided by a SubjectAccessReview to kube-apiserver, whose answers
 * (allowed and denied) are reused for their TTL, keyed on the whole review. When kube-apiserver
 * cannot decide, the request fails closed with 500, as kube-apiserver's own filter does.
 */
public final class SubjectAccessReviewAuthorizer implements Authorizer {

    /** What kube-apiserver answered; {@code reason} may be empty. */
    public record Verdict(boolean allowed, String reason) {
    }

    /** Asks kube-apiserver; throws when it cannot be asked. */
    @FunctionalInterface
    public interface Reviewer {
        Verdict review(AccessReview review);
    }

    public static final String SYSTEM_MASTERS = "system:masters";
    public static final String SUBJECT_ACCESS_REVIEW = "SubjectAccessReview";
    public static final String CACHED = "SubjectAccessReview (cached)";
    /** The cache's name in the metrics. */
    static final String CACHE_NAME = "access_reviews";

    private static final Logger LOG = Logger.getLogger(SubjectAccessReviewAuthorizer.class.getName());

    private final Reviewer reviewer;
    private final Cache<AccessReview, Verdict> verdicts;

    /** Allowed and denied verdicts have their own TTL, as kube-apiserver's webhook authorizer's. */
    public SubjectAccessReviewAuthorizer(Reviewer reviewer, Duration allowTtl, Duration denyTtl, int maxEntries,
                                         Caches caches) {
        this.reviewer = reviewer;
        this.verdicts = caches.expiringAt(CACHE_NAME, maxEntries,
                (verdict, now) -> now.plus(verdict.allowed() ? allowTtl : denyTtl));
    }

    @Override
    public String authorize(CallerIdentity caller, RequestInfo request) {
        if (caller.inGroup(CallerIdentity.SYSTEM_MASTERS)) {
            return SYSTEM_MASTERS;
        }
        AccessReview review = AccessReview.of(caller, request);
        Verdict cached = verdicts.getIfPresent(review);
        Verdict verdict = cached != null ? cached : ask(review);
        if (cached == null) {
            verdicts.put(review, verdict);
        }
        if (!verdict.allowed()) {
            throw forbidden(caller, request, verdict.reason());
        }
        return cached != null ? CACHED : SUBJECT_ACCESS_REVIEW;
    }

    private Verdict ask(AccessReview review) {
        try {
            return reviewer.review(review);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SubjectAccessReview failed ({0}); request refused",
                    e.getClass().getSimpleName());
            throw ApiErrors.internalError("authorization failed: kube-apiserver could not be asked "
                    + "(SubjectAccessReview); the request is refused");
        }
    }

    static RuntimeException forbidden(CallerIdentity caller, RequestInfo request, String why) {
        if (!request.resourceRequest()) {
            return ApiErrors.forbiddenPath(caller.user(), request.verb(), request.path(), why);
        }
        return ApiErrors.forbidden(caller.user(), request.verb(), request.resource(), request.subresource(),
                request.apiGroup(), request.namespace(), request.name(), why);
    }
}
