package dev.virtualsecrets.server.vault;

/**
 * Vault answered 403 and does not accept the server's own token either: the cause is not the
 * caller's policy but the server's token (Vault reset, or the token revoked or expired).
 */
public final class ServerTokenRefusedException extends RuntimeException {

    public static final String MESSAGE = "Vault does not accept the server's own Vault token (was Vault reset, or "
            + "the token revoked or expired?); requests are refused until the server has a valid token";

    public ServerTokenRefusedException() {
        super(MESSAGE, null, false, false);
    }
}
