package dev.virtualsecrets.server.kube;

import dev.virtualsecrets.server.authn.TokenReviewAuthenticator;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.models.V1TokenReview;
import io.kubernetes.client.openapi.models.V1TokenReviewSpec;
import io.kubernetes.client.openapi.models.V1TokenReviewStatus;
import io.kubernetes.client.openapi.models.V1UserInfo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * TokenReview through the Kubernetes Java client. With audiences configured, the token must be
 * valid for at least one of them (kube-apiserver answers which ones it is valid for).
 */
public final class KubeTokenReviewer implements TokenReviewAuthenticator.TokenReviewer {

    private final Supplier<ApiClient> client;
    private final List<String> audiences;

    public KubeTokenReviewer(Supplier<ApiClient> client, List<String> audiences) {
        this.client = client;
        this.audiences = List.copyOf(audiences);
    }

    @Override
    public Optional<CallerIdentity> review(String token) {
        V1TokenReviewSpec spec = new V1TokenReviewSpec().token(token);
        if (!audiences.isEmpty()) {
            spec.audiences(audiences);
        }
        V1TokenReviewStatus status;
        try {
            status = new AuthenticationV1Api(client.get()).createTokenReview(new V1TokenReview().spec(spec)).execute().getStatus();
        } catch (ApiException e) {
            // The exception's body would echo the review, token included: only the code leaves here.
            throw new KubernetesCallException("TokenReview", e.getCode());
        }
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null
                || !validForAudiences(status.getAudiences())) {
            return Optional.empty();
        }
        V1UserInfo user = status.getUser();
        return Optional.of(new CallerIdentity(user.getUsername(),
                user.getGroups() == null ? List.of() : user.getGroups(),
                user.getExtra() == null ? Map.of() : user.getExtra()));
    }

    private boolean validForAudiences(List<String> granted) {
        return audiences.isEmpty() || (granted != null && granted.stream().anyMatch(audiences::contains));
    }
}
