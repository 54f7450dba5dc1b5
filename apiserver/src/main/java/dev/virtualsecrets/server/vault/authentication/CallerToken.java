package dev.virtualsecrets.server.vault.authentication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A Vault token issued for one caller, and when Vault will stop accepting it. */
public record CallerToken(String token, Instant expiresAt) {

    /** A token Vault issued now with this TTL; a TTL of zero is a token that does not expire. */
    public static CallerToken issued(String token, Duration ttl, Clock clock) {
        return new CallerToken(token, ttl.isZero() ? Instant.MAX : clock.instant().plus(ttl));
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "CallerToken[token=<redacted>, expiresAt=" + expiresAt + "]";
    }
}
