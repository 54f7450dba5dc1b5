package dev.virtualsecrets.server.authz;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.cache.ExpiringCache;
import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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

    private static final Logger LOG = Logger.getLogger(SubjectAccessReviewAuthorizer.class.getName());

    private final Reviewer reviewer;
    private final Duration allowTtl;
    private final Duration denyTtl;
    private final Clock clock;
    private final ExpiringCache<AccessReview, Verdict> verdicts;

    public SubjectAccessReviewAuthorizer(Reviewer reviewer, Duration allowTtl, Duration denyTtl, int maxEntries,
                                         Clock clock) {
        this.reviewer = reviewer;
        this.allowTtl = allowTtl;
        this.denyTtl = denyTtl;
        this.clock = clock;
        this.verdicts = new ExpiringCache<>(maxEntries, clock);
    }

    @Override
    public String authorize(CallerIdentity caller, RequestInfo request) {
        if (caller.inGroup(CallerIdentity.SYSTEM_MASTERS)) {
            return SYSTEM_MASTERS;
        }
        AccessReview review = AccessReview.of(caller, request);
        Optional<Verdict> cached = verdicts.get(review);
        Verdict verdict = cached.orElseGet(() -> ask(review));
        if (cached.isEmpty()) {
            verdicts.put(review, verdict, clock.instant().plus(verdict.allowed() ? allowTtl : denyTtl));
        }
        if (!verdict.allowed()) {
            throw forbidden(caller, request, verdict.reason());
        }
        return cached.isPresent() ? CACHED : SUBJECT_ACCESS_REVIEW;
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
