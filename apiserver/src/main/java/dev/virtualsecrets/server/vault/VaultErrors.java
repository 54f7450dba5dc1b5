package dev.virtualsecrets.server.vault;

import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.api.ApiErrors;
import dev.virtualsecrets.server.api.ApiException;
import dev.virtualsecrets.server.authn.CallerIdentity;
import dev.virtualsecrets.server.identity.CallerLoginException;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;

import java.io.IOException;
import java.util.Optional;

/**
 * Maps failures of Vault calls to Kubernetes API errors. Messages are fixed texts: Vault response
 * bodies (which may echo secret data), paths and tokens never reach the client.
 */
public final class VaultErrors {

    /** How long clients should wait before retrying while Vault is unavailable. */
    public static final int RETRY_AFTER_SECONDS = 1;

    static final String POLICY_DENIED = "Vault denied the request: the caller's Vault policy does not allow it";

    private static final String CHECK_AND_SET_MISMATCH = "check-and-set parameter did not match";

    private VaultErrors() {
    }

    /**
     * The API error for a failed Vault call made for {@code caller} doing {@code verb} on
     * {@code namespace/name} (name may be null): unreachable, timed out, 429, 5xx or sealed → 503
     * with Retry-After; 403 → Forbidden by Vault policy; no Vault login for the caller → 403 (Vault
     * refused) or 503 (unreachable); anything else → 500, generic message.
     */
    public static ApiException toApiException(RuntimeException failure, CallerIdentity caller, String verb,
                                              String namespace, String name) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof CallerLoginException login) {
            return switch (login.reason()) {
                case VAULT_REFUSED -> ApiErrors.forbidden(caller.user(), verb, VirtualSecrets.PLURAL,
                        VirtualSecrets.GROUP, namespace, name, login.getMessage());
                case VAULT_UNAVAILABLE -> unavailable();
                case TOKEN_REQUEST_FAILED -> ApiErrors.internalError(login.getMessage());
            };
        }
        Optional<Integer> status = httpStatus(failure);
        if (status.isEmpty()) {
            return isConnectionFailure(failure) ? unavailable() : ApiErrors.internalError("Vault request failed");
        }
        int code = status.get();
        if (code == 403) {
            return ApiErrors.forbidden(caller.user(), verb, VirtualSecrets.PLURAL, VirtualSecrets.GROUP,
                    namespace, name, POLICY_DENIED);
        }
        if (code >= 500 || code == 429) {
            return unavailable();
        }
        return ApiErrors.internalError("Vault request failed with status " + code);
    }

    /** 503 ServiceUnavailable with Retry-After. */
    public static ApiException unavailable() {
        return ApiErrors.serviceUnavailable("Vault is unavailable", RETRY_AFTER_SECONDS);
    }

    /** The Vault status code of a failed call, when Vault answered at all. */
    public static Optional<Integer> httpStatus(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpStatusCodeException http) {
                return Optional.of(http.getStatusCode().value());
            }
        }
        return Optional.empty();
    }

    /**
     * A failure for a log line: Vault's status code, or the exception's type. Vault's answer itself
     * is left out (it may quote a request).
     */
    public static String summary(Throwable failure) {
        return httpStatus(failure).map(code -> "Vault answered " + code).orElse(failure.getClass().getSimpleName());
    }

    /** Whether the failure is Vault's policy (or login) refusing the caller. */
    public static boolean isForbidden(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api.code() == 403;
        }
        if (failure instanceof CallerLoginException login) {
            return login.reason() == CallerLoginException.Reason.VAULT_REFUSED;
        }
        return httpStatus(failure).filter(code -> code == 403).isPresent();
    }

    /** Whether Vault rejected a KV v2 write because the check-and-set version did not match. */
    public static boolean isCheckAndSetMismatch(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpStatusCodeException http && http.getStatusCode().value() == 400
                    && http.getResponseBodyAsString().contains(CHECK_AND_SET_MISMATCH)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ResourceAccessException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
