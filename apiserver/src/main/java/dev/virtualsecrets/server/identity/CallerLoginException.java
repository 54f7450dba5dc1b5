package dev.virtualsecrets.server.identity;

/**
 * No Vault token could be obtained for a caller. The message names the caller's own
 * ServiceAccount, role or user only; it never carries a token or a response body.
 */
public final class CallerLoginException extends RuntimeException {

    /** Why: Vault refused the login, Vault was unreachable, or Kubernetes refused the TokenRequest. */
    public enum Reason { VAULT_REFUSED, VAULT_UNAVAILABLE, TOKEN_REQUEST_FAILED }

    private final Reason reason;

    public CallerLoginException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
