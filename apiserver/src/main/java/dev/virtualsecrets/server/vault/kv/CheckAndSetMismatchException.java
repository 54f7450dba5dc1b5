package dev.virtualsecrets.server.vault.kv;

/** Vault refused a KV v2 write: the secret's current version is not the check-and-set version given. */
public final class CheckAndSetMismatchException extends RuntimeException {

    CheckAndSetMismatchException() {
        super("check-and-set parameter did not match the current version", null, false, false);
    }
}
