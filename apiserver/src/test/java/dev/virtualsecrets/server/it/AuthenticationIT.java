package dev.virtualsecrets.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.TestPki;
import dev.virtualsecrets.server.testsupport.VirtualSecretsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.virtualsecrets.server.testsupport.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Who may call: client certificates from the client CA, the front proxy only with its own
 * certificate, spoofed X-Remote headers never; until delegated authorization only system:masters.
 */
class AuthenticationIT {

    private static final String LIST = ApiClient.collection("authn");

    private static VirtualSecretsServer server;

    @BeforeAll
    static void start() {
        server = VirtualSecretsServer.shared();
    }

    @Test
    void adminCertificateInSystemMastersIsAllowed() {
        ApiClient admin = new ApiClient(server.adminHttpClient(), server.baseUri());
        assertEquals(200, admin.get(LIST).statusCode());
    }

    @Test
    void userCertificateOutsideSystemMastersIsForbiddenInKubernetesFormat() {
        ApiClient user = new ApiClient(server.httpClient(server.pki().user()), server.baseUri());
        HttpResponse<String> response = user.get(LIST);
        assertEquals(403, response.statusCode());
        JsonNode status = json(response);
        assertEquals("Forbidden", status.path("reason").asText());
        assertEquals(403, status.path("code").asInt());
        String message = status.path("message").asText();
        assertEquals(true, message.startsWith("virtualsecrets.virtualsecrets.dev is forbidden: User \"jane\" cannot list "
                + "resource \"virtualsecrets\" in API group \"virtualsecrets.dev\" in the namespace \"authn\""), message);
    }

    @Test
    void frontProxyHeadersAreTrustedWithTheProxyCertificate() {
        ApiClient proxy = new ApiClient(server.httpClient(server.pki().frontProxy()), server.baseUri());
        HttpResponse<String> response = proxy.get(LIST, "X-Remote-User", "alice",
                "X-Remote-Group", "system:masters", "X-Remote-Extra-Scopes", "x");
        assertEquals(200, response.statusCode());
        HttpResponse<String> notMaster = proxy.get(LIST, "X-Remote-User", "bob", "X-Remote-Group", "dev");
        assertEquals(403, notMaster.statusCode());
        assertEquals(true, json(notMaster).path("message").asText().contains("User \"bob\""));
    }

    @Test
    void spoofedHeadersWithoutTheProxyCertificateAreIgnored() {
        ApiClient anonymous = new ApiClient(server.httpClient(null), server.baseUri());
        assertEquals(401, anonymous.get(LIST, "X-Remote-User", "admin", "X-Remote-Group", "system:masters").statusCode());

        ApiClient user = new ApiClient(server.httpClient(server.pki().user()), server.baseUri());
        HttpResponse<String> response = user.get(LIST, "X-Remote-User", "admin", "X-Remote-Group", "system:masters");
        assertEquals(403, response.statusCode());
        assertEquals(true, json(response).path("message").asText().contains("User \"jane\""));
    }

    @Test
    void certificatesFromOtherCasAuthenticateNobody() {
        // A proxy certificate signed by the client CA is a client certificate, not a proxy.
        var wrongProxy = server.pki().clientCa().issueClient(TestPki.FRONT_PROXY_CN, List.of(), Duration.ofHours(1));
        ApiClient client = new ApiClient(server.httpClient(wrongProxy), server.baseUri());
        HttpResponse<String> response = client.get(LIST, "X-Remote-User", "alice", "X-Remote-Group", "system:masters");
        assertEquals(403, response.statusCode());
        assertEquals(true, json(response).path("message").asText().contains("User \"front-proxy-client\""));

        // A client certificate signed by the front-proxy CA is not a user.
        var wrongUser = server.pki().frontProxyCa().issueClient("mallory", List.of("system:masters"), Duration.ofHours(1));
        ApiClient mallory = new ApiClient(server.httpClient(wrongUser), server.baseUri());
        assertEquals(401, mallory.get(LIST).statusCode());
    }

    @Test
    void bearerTokensAreCheckedByTokenReviewAndAuthorizedBySubjectAccessReview() {
        String token = DevCluster.shared().serviceAccountToken("demo", "app");
        ApiClient app = new ApiClient(server.httpClient(null), server.baseUri()).withBearerToken(token);

        // RBAC lets demo/app get app-credentials only; this server's own Vault has no such secret.
        assertEquals(404, app.get(ApiClient.item("demo", "app-credentials")).statusCode());
        HttpResponse<String> denied = app.get(ApiClient.item("demo", "api-key"));
        assertEquals(403, denied.statusCode());
        assertEquals(true, json(denied).path("message").asText()
                .startsWith("virtualsecrets.virtualsecrets.dev \"api-key\" is forbidden: User \"system:serviceaccount:demo:app\""),
                denied.body());

        ApiClient forged = new ApiClient(server.httpClient(null), server.baseUri()).withBearerToken(token + "x");
        assertEquals(401, forged.get(LIST).statusCode());
    }

    @Test
    void aBearerTokenNeverOutranksAVerifiedClientCertificate() {
        String token = DevCluster.shared().serviceAccountToken("demo", "app");
        ApiClient admin = new ApiClient(server.adminHttpClient(), server.baseUri()).withBearerToken(token);

        HttpResponse<String> response = admin.get(ApiClient.item("demo", "api-key"));
        assertEquals(404, response.statusCode(), "authenticated as the certificate's admin, not the ServiceAccount");
    }
}
