package dev.virtualsecrets.server.vault;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VaultErrorsTest {

    /** A body like Vault's when it echoes what it was sent: it must never reach a summary. */
    private static final String SECRET_BODY = "{\"errors\":[\"invalid value: password=hunter2\"]}";

    private static HttpClientErrorException clientError(HttpStatus status, String body) {
        return HttpClientErrorException.create(status, status.getReasonPhrase(), HttpHeaders.EMPTY,
                body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static HttpServerErrorException serverError(HttpStatus status, String body) {
        return HttpServerErrorException.create(status, status.getReasonPhrase(), HttpHeaders.EMPTY,
                body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static ResourceAccessException unreachable() {
        return new ResourceAccessException("I/O error on GET request for \"https://vault:8200/v1/secret/data/x\"",
                new ConnectException("Connection refused"));
    }

    @Test
    void theStatusIsVaultsCodeWhenVaultAnswered() {
        assertEquals(Optional.of(403), VaultErrors.httpStatus(clientError(HttpStatus.FORBIDDEN, "")));
        assertEquals(Optional.of(503), VaultErrors.httpStatus(serverError(HttpStatus.SERVICE_UNAVAILABLE, "")));
    }

    @Test
    void theStatusIsFoundThroughWrappingExceptions() {
        RuntimeException wrapped = new IllegalStateException("lease container failed",
                new RuntimeException(clientError(HttpStatus.TOO_MANY_REQUESTS, "")));

        assertEquals(Optional.of(429), VaultErrors.httpStatus(wrapped));
    }

    @Test
    void thereIsNoStatusWhenVaultDidNotAnswer() {
        assertEquals(Optional.empty(), VaultErrors.httpStatus(unreachable()));
        assertEquals(Optional.empty(), VaultErrors.httpStatus(new IllegalStateException("no answer")));
    }

    @Test
    void aSummaryNamesVaultsStatusButNeverItsResponseBody() {
        HttpClientErrorException failure = clientError(HttpStatus.BAD_REQUEST, SECRET_BODY);
        // The exception carries Vault's body: this is what the summary must leave out.
        assertTrue(failure.getResponseBodyAsString().contains("hunter2"));

        assertEquals("Vault answered 400", VaultErrors.summary(failure));
        assertEquals("Vault answered 500", VaultErrors.summary(
                new RuntimeException(serverError(HttpStatus.INTERNAL_SERVER_ERROR, SECRET_BODY))));
    }

    @Test
    void aSummaryOfAFailureWithoutAnswerIsItsTypeNotItsMessage() {
        assertEquals("ResourceAccessException", VaultErrors.summary(unreachable()));
        assertEquals("IllegalStateException", VaultErrors.summary(new IllegalStateException(SECRET_BODY)));
    }

    @Test
    void aCheckAndSetMismatchIsVaults400SayingSo() {
        String mismatch = "{\"errors\":[\"check-and-set parameter did not match the current version\"]}";

        assertTrue(VaultErrors.isCheckAndSetMismatch(clientError(HttpStatus.BAD_REQUEST, mismatch)));
        assertTrue(VaultErrors.isCheckAndSetMismatch(
                new RuntimeException(clientError(HttpStatus.BAD_REQUEST, mismatch))));
    }

    @Test
    void otherFailuresAreNoCheckAndSetMismatch() {
        String mismatch = "{\"errors\":[\"check-and-set parameter did not match the current version\"]}";

        assertFalse(VaultErrors.isCheckAndSetMismatch(clientError(HttpStatus.BAD_REQUEST,
                "{\"errors\":[\"no data provided\"]}")));
        assertFalse(VaultErrors.isCheckAndSetMismatch(serverError(HttpStatus.INTERNAL_SERVER_ERROR, mismatch)));
        assertFalse(VaultErrors.isCheckAndSetMismatch(clientError(HttpStatus.FORBIDDEN, mismatch)));
        assertFalse(VaultErrors.isCheckAndSetMismatch(unreachable()));
    }

    @Test
    void anUnknownRoleIsVaults400SayingSo() {
        assertTrue(VaultErrors.isUnknownRole(clientError(HttpStatus.BAD_REQUEST, "{\"errors\":[\"unknown role: demo-x\"]}")));
        assertFalse(VaultErrors.isUnknownRole(clientError(HttpStatus.FORBIDDEN, "{\"errors\":[\"unknown role\"]}")));
        assertFalse(VaultErrors.isUnknownRole(clientError(HttpStatus.BAD_REQUEST, "{\"errors\":[\"missing ttl\"]}")));
    }

    @Test
    void noAnswerAtAllIsAConnectionFailure() {
        assertTrue(VaultErrors.isConnectionFailure(unreachable()));
        assertTrue(VaultErrors.isConnectionFailure(new RuntimeException(new HttpTimeoutException("timed out"))));
        assertTrue(VaultErrors.isConnectionFailure(new RuntimeException(new IOException("reset"))));
    }

    @Test
    void anAnswerIsNoConnectionFailureWhateverItsStatus() {
        assertFalse(VaultErrors.isConnectionFailure(serverError(HttpStatus.SERVICE_UNAVAILABLE, "sealed")));
        assertFalse(VaultErrors.isConnectionFailure(clientError(HttpStatus.FORBIDDEN, "")));
        assertFalse(VaultErrors.isConnectionFailure(new IllegalStateException("a bug")));
    }
}
