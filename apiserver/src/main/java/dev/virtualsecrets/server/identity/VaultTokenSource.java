package dev.virtualsecrets.server.identity;

import dev.virtualsecrets.server.authn.CallerIdentity;

/** Obtains a new Vault token for a caller (a login); failures are {@link CallerLoginException}s. */
@FunctionalInterface
public interface VaultTokenSource {

    CallerToken issue(CallerIdentity caller);
}
