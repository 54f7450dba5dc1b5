package dev.virtualsecrets.server.replicas;

import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.lease.HandedOverLease;

import java.util.List;

/**
 * What replicas send each other to move leases (JSON over their TLS channel, to
 * {@code /replicas/v1/leases/...}; only a replica's own ServiceAccount may call it).
 */
public final class LeaseTransferMessages {

    /** The common prefix of the lease transfer paths. */
    public static final String PATH = "/replicas/v1/leases";
    /** Give up one lease to the asking replica, which now serves its caller. */
    public static final String RELEASE = PATH + "/release";
    /** Take over leases whose callers the receiving replica now serves. */
    public static final String ADOPT = PATH + "/adopt";

    private LeaseTransferMessages() {
    }

    /** Which lease: whose, and which VirtualSecret. */
    public record Release(CallerIdentity caller, String namespace, String name) {
    }

    /** The released lease; null when none was held. */
    public record Released(HandedOverLease lease) {
    }

    /** One lease moving to the replica that now serves its caller. */
    public record Transfer(CallerIdentity caller, String namespace, String name, HandedOverLease lease) {
    }

    public record Adopt(List<Transfer> leases) {
    }

    /** For each transfer, in order: whether the receiver took the lease over (else the sender revokes it). */
    public record Adopted(List<Boolean> accepted) {
    }
}
