package dev.virtualsecrets.server.kube;

import dev.virtualsecrets.server.authz.AccessReview;
import dev.virtualsecrets.server.authz.SubjectAccessReviewAuthorizer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1NonResourceAttributes;
import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewStatus;

import java.util.HashMap;
import java.util.function.Supplier;

/** SubjectAccessReview through the Kubernetes Java client. */
public final class KubeSubjectAccessReviewer implements SubjectAccessReviewAuthorizer.Reviewer {

    private final Supplier<ApiClient> client;

    public KubeSubjectAccessReviewer(Supplier<ApiClient> client) {
        this.client = client;
    }

    @Override
    public SubjectAccessReviewAuthorizer.Verdict review(AccessReview review) {
        V1SubjectAccessReviewSpec spec = new V1SubjectAccessReviewSpec()
                .user(review.user())
                .groups(review.groups())
                .extra(review.extra().isEmpty() ? null : new HashMap<>(review.extra()));
        if (review.resourceRequest()) {
            spec.resourceAttributes(new V1ResourceAttributes()
                    .verb(review.verb())
                    .group(review.apiGroup())
                    .version(review.apiVersion())
                    .namespace(review.namespace())
                    .resource(review.resource())
                    .subresource(review.subresource())
                    .name(review.name()));
        } else {
            spec.nonResourceAttributes(new V1NonResourceAttributes().path(review.path()).verb(review.verb()));
        }
        V1SubjectAccessReviewStatus status;
        try {
            status = new AuthorizationV1Api(client.get()).createSubjectAccessReview(new V1SubjectAccessReview().spec(spec)).execute().getStatus();
        } catch (ApiException e) {
            throw new KubernetesCallException("SubjectAccessReview", e.getCode());
        }
        if (status == null) {
            throw new KubernetesCallException("SubjectAccessReview", 0);
        }
        boolean allowed = Boolean.TRUE.equals(status.getAllowed()) && !Boolean.TRUE.equals(status.getDenied());
        return new SubjectAccessReviewAuthorizer.Verdict(allowed, status.getReason() == null ? "" : status.getReason());
    }
}
