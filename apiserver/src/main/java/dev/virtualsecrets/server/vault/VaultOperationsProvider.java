package dev.virtualsecrets.server.vault;

import dev.virtualsecrets.server.authn.CallerIdentity;
import org.springframework.vault.core.VaultOperations;

/**
 * The Vault client to use for one caller: in identity mode {@code caller} a client logged in as
 * that caller, in mode {@code server} the server's own. Storage never chooses a token itself.
 */
@FunctionalInterface
public interface VaultOperationsProvider {

    VaultOperations forCaller(CallerIdentity caller);
}
