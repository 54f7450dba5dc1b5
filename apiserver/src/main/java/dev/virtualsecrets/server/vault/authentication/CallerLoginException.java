package dev.virtualsecrets.server.vault.authentication;

import dev.virtualsecrets.server.vault.ServerTokenRefusedException;
import dev.virtualsecrets.server.vault.VaultErrors;

import java.util.Optional;

/**
 * No Vault token could be obtained for a caller. The message names the caller's own
 * ServiceAccount, role or user only; it never carries a token or a response body.
 */
public final class CallerLoginException extends RuntimeException {

    /**
     * Why: Vault refused the login, Vault was unreachable, Kubernetes refused the TokenRequest, or
     * Vault refused the server's own token (with which users' tokens are made).
     */
    public enum Reason { VAULT_REFUSED, VAULT_UNAVAILABLE, TOKEN_REQUEST_FAILED, SERVER_TOKEN_REFUSED }

    private final Reason reason;

    public CallerLoginException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /**
     * A failed login call: Vault answered 4xx (not 429) → it refused, with {@code refusedMessage};
     * otherwise Vault could not be reached.
     */
    public static CallerLoginException of(RuntimeException failure, String refusedMessage) {
        if (failure instanceof ServerTokenRefusedException) {
            return new CallerLoginException(Reason.SERVER_TOKEN_REFUSED, ServerTokenRefusedException.MESSAGE);
        }
        Optional<Integer> status = VaultErrors.httpStatus(failure);
        if (status.isPresent() && status.get() >= 400 && status.get() < 500 && status.get() != 429) {
            return new CallerLoginException(Reason.VAULT_REFUSED, refusedMessage);
        }
        return new CallerLoginException(Reason.VAULT_UNAVAILABLE, "Vault is unavailable");
    }

    public Reason reason() {
        return reason;
    }
}
