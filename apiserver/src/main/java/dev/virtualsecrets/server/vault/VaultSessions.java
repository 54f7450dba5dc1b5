package dev.virtualsecrets.server.vault;

import dev.virtualsecrets.server.user.CallerIdentity;

/**
 * The Vault session for one caller: in identity mode {@code caller} a session logged in as that
 * caller, in mode {@code server} the server's own. Storage never chooses a token itself.
 */
@FunctionalInterface
public interface VaultSessions {

    /** Cheap: the token is obtained (or logged in for) at the session's first call. */
    VaultSession forCaller(CallerIdentity caller);
}
