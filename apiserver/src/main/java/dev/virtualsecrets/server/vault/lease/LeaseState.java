package dev.virtualsecrets.server.vault.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What one lease holds right now: Vault's lease (id, duration, renewable; no id for a PKI
 * certificate, whose end is its notAfter), when the current credentials were issued, when they
 * expire unless renewed, and the secret data as Vault returned it. {@code version} is the
 * resourceVersion of this state. Memory only; {@link #toString()} never prints the data.
 */
public record LeaseState(String leaseId, Duration duration, boolean renewable, Instant issuedAt, Instant expiresAt,
                         Map<String, Object> secrets, long version) {

    public LeaseState {
        secrets = Map.copyOf(secrets);
    }

    public boolean hasLeaseId() {
        return leaseId != null && !leaseId.isEmpty();
    }

    LeaseState renewed(Duration newDuration, Instant now, long newVersion) {
        return new LeaseState(leaseId, newDuration, renewable, issuedAt, now.plus(newDuration), secrets, newVersion);
    }

    @Override
    public String toString() {
        return "LeaseState[leaseId=" + leaseId + ", duration=" + duration + ", renewable=" + renewable
                + ", expiresAt=" + expiresAt + ", secrets=<redacted>]";
    }
}
