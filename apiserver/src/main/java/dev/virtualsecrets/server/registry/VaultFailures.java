package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.ServerTokenRefusedException;
import dev.virtualsecrets.server.vault.VaultErrors;
import dev.virtualsecrets.server.vault.authentication.CallerLoginException;

import java.util.Optional;

/**
 * Maps failures of Vault calls made for a caller to Kubernetes API errors. Messages are fixed
 * texts: Vault response bodies (which may echo secret data), paths and tokens never reach the client.
 */
public final class VaultFailures {

    /** How long clients should wait before retrying while Vault is unavailable. */
    public static final int RETRY_AFTER_SECONDS = 1;

    static final String POLICY_DENIED = "Vault denied the request: the caller's Vault policy does not allow it";

    private VaultFailures() {
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
        if (failure instanceof ServerTokenRefusedException) {
            return serverTokenRefused();
        }
        if (failure instanceof CallerLoginException login) {
            return switch (login.reason()) {
                case SERVER_TOKEN_REFUSED -> serverTokenRefused();
                case VAULT_REFUSED -> ApiErrors.forbidden(caller.user(), verb, VirtualSecrets.PLURAL,
                        VirtualSecrets.GROUP, namespace, name, login.getMessage());
                case VAULT_UNAVAILABLE -> unavailable();
                case TOKEN_REQUEST_FAILED -> ApiErrors.internalError(login.getMessage());
            };
        }
        Optional<Integer> status = VaultErrors.httpStatus(failure);
        if (status.isEmpty()) {
            return VaultErrors.isConnectionFailure(failure) ? unavailable()
                    : ApiErrors.internalError("Vault request failed");
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

    /** 503: Vault refuses the server's own token, not the caller's request (the cause, not a misleading 403). */
    public static ApiException serverTokenRefused() {
        return ApiErrors.serviceUnavailable(ServerTokenRefusedException.MESSAGE, RETRY_AFTER_SECONDS);
    }

    /** 503 ServiceUnavailable with Retry-After. */
    public static ApiException unavailable() {
        return ApiErrors.serviceUnavailable("Vault is unavailable", RETRY_AFTER_SECONDS);
    }
}
