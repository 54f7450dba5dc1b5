package dev.virtualsecrets.server.identity;

import java.time.Instant;

/** A Vault token issued for one caller, and when Vault will stop accepting it. */
public record CallerToken(String token, Instant expiresAt) {

    /** Never prints the token. */
    @Override
    public String toString() {
        return "CallerToken[token=<redacted>, expiresAt=" + expiresAt + "]";
    }
}
