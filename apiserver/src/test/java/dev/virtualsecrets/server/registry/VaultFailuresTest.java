package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.authentication.CallerLoginException;
import dev.virtualsecrets.server.vault.authentication.CallerLoginException.Reason;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class VaultFailuresTest {

    private static final CallerIdentity ALICE = CallerIdentity.of("alice", List.of("dev"));
    /** What Vault may send back: request data echoed in an error. */
    private static final String SECRET_BODY = "{\"errors\":[\"1 error occurred: password=hunter2\"]}";

    private static HttpStatusCodeException answered(HttpStatus status) {
        byte[] body = SECRET_BODY.getBytes(StandardCharsets.UTF_8);
        return status.is4xxClientError()
                ? HttpClientErrorException.create(status, status.getReasonPhrase(), HttpHeaders.EMPTY, body,
                StandardCharsets.UTF_8)
                : HttpServerErrorException.create(status, status.getReasonPhrase(), HttpHeaders.EMPTY, body,
                StandardCharsets.UTF_8);
    }

    private static ApiException map(RuntimeException failure) {
        ApiException error = VaultFailures.toApiException(failure, ALICE, "get", "demo", "db");
        assertFalse(error.getMessage().contains("hunter2"), "Vault's body reached the client: " + error.getMessage());
        return error;
    }

    private static void assertUnavailable(ApiException error) {
        assertEquals(503, error.code());
        assertEquals("ServiceUnavailable", error.reason());
        assertEquals("Vault is unavailable", error.getMessage());
        assertEquals(VaultFailures.RETRY_AFTER_SECONDS, error.status().details().retryAfterSeconds());
    }

    @Test
    void vaultsForbiddenIsKubernetesForbiddenNamingThePolicy() {
        ApiException error = map(answered(HttpStatus.FORBIDDEN));

        assertEquals(403, error.code());
        assertEquals("Forbidden", error.reason());
        assertEquals("virtualsecrets.virtualsecrets.dev \"db\" is forbidden: User \"alice\" cannot get resource "
                + "\"virtualsecrets\" in API group \"virtualsecrets.dev\" in the namespace \"demo\": Vault denied the "
                + "request: the caller's Vault policy does not allow it", error.getMessage());
        assertEquals("db", error.status().details().name());
    }

    @Test
    void aServerErrorOrTooManyRequestsIsUnavailableWithRetryAfter() {
        for (HttpStatus status : List.of(HttpStatus.INTERNAL_SERVER_ERROR, HttpStatus.BAD_GATEWAY,
                HttpStatus.SERVICE_UNAVAILABLE, HttpStatus.TOO_MANY_REQUESTS)) {
            assertUnavailable(map(answered(status)));
        }
    }

    @Test
    void anUnreachableVaultIsUnavailableWithRetryAfter() {
        assertUnavailable(map(new ResourceAccessException("I/O error: " + SECRET_BODY,
                new ConnectException("Connection refused"))));
    }

    @Test
    void anotherClientErrorIsAnInternalErrorWithItsStatusOnly() {
        ApiException error = map(answered(HttpStatus.BAD_REQUEST));

        assertEquals(500, error.code());
        assertEquals("InternalError", error.reason());
        assertEquals("Internal error occurred: Vault request failed with status 400", error.getMessage());
    }

    @Test
    void aFailureThatIsNoVaultAnswerIsAGenericInternalError() {
        ApiException error = map(new IllegalStateException(SECRET_BODY));

        assertEquals(500, error.code());
        assertEquals("Internal error occurred: Vault request failed", error.getMessage());
    }

    @Test
    void aLoginVaultRefusedIsForbiddenWithTheLoginsMessage() {
        ApiException error = map(new CallerLoginException(Reason.VAULT_REFUSED,
                "Vault refused the login of ServiceAccount demo/app with role demo-app"));

        assertEquals(403, error.code());
        assertEquals("virtualsecrets.virtualsecrets.dev \"db\" is forbidden: User \"alice\" cannot get resource "
                + "\"virtualsecrets\" in API group \"virtualsecrets.dev\" in the namespace \"demo\": Vault refused the "
                + "login of ServiceAccount demo/app with role demo-app", error.getMessage());
    }

    @Test
    void aLoginWhileVaultIsUnreachableIsUnavailable() {
        assertUnavailable(map(new CallerLoginException(Reason.VAULT_UNAVAILABLE, "Vault is unavailable")));
    }

    @Test
    void aRefusedTokenRequestIsAnInternalError() {
        ApiException error = map(new CallerLoginException(Reason.TOKEN_REQUEST_FAILED,
                "kube-apiserver refused a TokenRequest for ServiceAccount demo/app"));

        assertEquals(500, error.code());
        assertEquals("Internal error occurred: kube-apiserver refused a TokenRequest for ServiceAccount demo/app",
                error.getMessage());
    }

    @Test
    void anApiErrorPassesUnchanged() {
        ApiException notFound = ApiErrors.badRequest("no such thing");

        assertSame(notFound, VaultFailures.toApiException(notFound, ALICE, "get", "demo", "db"));
    }

    @Test
    void aCollectionRequestIsForbiddenWithoutAName() {
        ApiException error = VaultFailures.toApiException(answered(HttpStatus.FORBIDDEN), ALICE, "list", "demo", null);

        assertEquals("virtualsecrets.virtualsecrets.dev is forbidden: User \"alice\" cannot list resource "
                + "\"virtualsecrets\" in API group \"virtualsecrets.dev\" in the namespace \"demo\": Vault denied the "
                + "request: the caller's Vault policy does not allow it", error.getMessage());
        assertNull(error.status().details().name());
    }
}
