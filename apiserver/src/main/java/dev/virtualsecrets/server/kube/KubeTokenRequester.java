package dev.virtualsecrets.server.kube;

import dev.virtualsecrets.server.vault.authentication.ServiceAccountLogin;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.openapi.models.V1TokenRequestStatus;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** TokenRequest ({@code serviceaccounts/token}) through the Kubernetes Java client. */
public final class KubeTokenRequester implements ServiceAccountLogin.TokenRequester {

    private final Supplier<ApiClient> client;

    public KubeTokenRequester(Supplier<ApiClient> client) {
        this.client = client;
    }

    @Override
    public String requestToken(String namespace, String serviceAccount, String audience, Duration expiration) {
        try {
            return request(namespace, serviceAccount, audience, expiration);
        } catch (KubernetesCallException e) {
            throw new ServiceAccountLogin.TokenRequestException(e.getMessage());
        }
    }

    private String request(String namespace, String serviceAccount, String audience, Duration expiration) {
        AuthenticationV1TokenRequest request = new AuthenticationV1TokenRequest()
                .spec(new V1TokenRequestSpec().audiences(List.of(audience)).expirationSeconds(expiration.toSeconds()));
        V1TokenRequestStatus status;
        try {
            status = new CoreV1Api(client.get()).createNamespacedServiceAccountToken(serviceAccount, namespace, request).execute().getStatus();
        } catch (ApiException e) {
            throw new KubernetesCallException("TokenRequest", e.getCode());
        }
        if (status == null || status.getToken() == null) {
            throw new KubernetesCallException("TokenRequest", 0);
        }
        return status.getToken();
    }
}
