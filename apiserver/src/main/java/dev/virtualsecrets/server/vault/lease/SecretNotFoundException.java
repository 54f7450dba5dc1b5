package dev.virtualsecrets.server.vault.lease;

/** Vault has nothing at the requested path (e.g. no such role). */
public final class SecretNotFoundException extends RuntimeException {

    SecretNotFoundException(String path) {
        super("Vault has no secret at " + path);
    }
}
