package dev.virtualsecrets.server.vault.authentication;

import dev.virtualsecrets.server.user.CallerIdentity;

/** Obtains a new Vault token for a caller (a login); failures are {@link CallerLoginException}s. */
@FunctionalInterface
public interface VaultTokenSource {

    CallerToken issue(CallerIdentity caller);
}
