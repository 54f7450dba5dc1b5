package dev.virtualsecrets.server.vault.lease;

import dev.virtualsecrets.server.user.CallerIdentity;

import java.util.Optional;

/**
 * Where a lease this replica does not hold may be held instead: by the replica that served the
 * caller before this one (another replica joined, or the caller's requests moved here while that
 * one was still handing its leases over). Asked once before a lease is issued, so that a caller
 * keeps its credentials when its identity moves between replicas.
 */
@FunctionalInterface
public interface LeaseTransfers {

    /** Nobody else holds leases: a single replica. */
    LeaseTransfers NONE = (caller, key) -> Optional.empty();

    /**
     * The lease on {@code key}, released by the replica that held it (which stops renewing it and
     * forgets its record), or empty when no other replica holds it or it cannot be asked.
     */
    Optional<HandedOverLease> takeOver(CallerIdentity caller, LeaseKey key);
}
