package dev.virtualsecrets.server.vault.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A lease one replica passes to another (the new owner of its caller's identity) instead of
 * revoking it: what the receiver needs to go on renewing it and serving the same credentials. The
 * lease stays bound to the caller token that created it, so {@code keepUntil} (that token's expiry,
 * or a certificate's notAfter) still decides when the credentials must be replaced. Travels only
 * between replicas, over their TLS channel; {@link #toString()} never prints the secrets.
 *
 * @param path       the Vault path the secret was obtained from; the receiver refuses a lease whose
 *                   VirtualSecret it maps to another path
 * @param createdAt  when the lease was first issued (the object's creationTimestamp and uid)
 * @param lastAccess when the caller last read it (idle revocation goes on from there)
 * @param keepUntil  when the credentials must have been replaced; null: no such bound
 */
public record HandedOverLease(String path, Instant createdAt, Instant lastAccess, Instant keepUntil, String leaseId,
                              Duration duration, boolean renewable, Instant issuedAt, Instant expiresAt,
                              Map<String, Object> secrets) {

    public HandedOverLease {
        secrets = Map.copyOf(secrets);
    }

    boolean hasLeaseId() {
        return leaseId != null && !leaseId.isEmpty();
    }

    @Override
    public String toString() {
        return "HandedOverLease[path=" + path + ", leaseId=" + leaseId + ", expiresAt=" + expiresAt
                + ", secrets=<redacted>]";
    }
}
