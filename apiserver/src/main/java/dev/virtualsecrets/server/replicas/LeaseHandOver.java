package dev.virtualsecrets.server.replicas;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.replicas.LeaseTransferMessages.Adopt;
import dev.virtualsecrets.server.replicas.LeaseTransferMessages.Adopted;
import dev.virtualsecrets.server.replicas.LeaseTransferMessages.Release;
import dev.virtualsecrets.server.replicas.LeaseTransferMessages.Released;
import dev.virtualsecrets.server.replicas.LeaseTransferMessages.Transfer;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.lease.HandedOverLease;
import dev.virtualsecrets.server.vault.lease.LeaseKey;
import dev.virtualsecrets.server.vault.lease.LeaseRegistry;
import dev.virtualsecrets.server.vault.lease.LeaseTransfers;
import dev.virtualsecrets.server.vault.lease.LeasedSecret;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Leases move with their caller's identity instead of being revoked. When the membership changes
 * (a replica joined, or this one withdrew because it is stopping), every lease whose caller another
 * replica now serves is released here and adopted there; what the new owner refuses (it holds a
 * lease on that secret already) is revoked, and what cannot be sent (the owner is unreachable) is
 * taken back here. In the other direction, before this replica issues a lease it asks the replica
 * that served the caller before ({@link LeaseTransfers}), so that a caller whose requests reach
 * a joining replica before the previous owner handed over keeps its credentials.
 */
public final class LeaseHandOver implements LeaseTransfers, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseHandOver.class.getName());
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Membership membership;
    private final PeerClient peers;
    private final LeaseRegistry leases;
    private final ObjectMapper json;
    private final CallerIdentity self;
    private final ExecutorService rounds = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("lease-hand-over").factory());

    /**
     * @param peerUser this replica's ServiceAccount user, which the receiving replica requires
     */
    public LeaseHandOver(Membership membership, PeerClient peers, LeaseRegistry leases, ObjectMapper json,
                         String peerUser) {
        this.membership = membership;
        this.peers = peers;
        this.leases = leases;
        this.json = json;
        this.self = CallerIdentity.of(peerUser, List.of("system:serviceaccounts", "system:authenticated"));
    }

    /** Hands over, off the caller's thread, the leases of callers other replicas serve now. */
    public void membershipChanged() {
        try {
            rounds.execute(this::handOverMoved);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the registry revokes what is left
        }
    }

    void handOverMoved() {
        Map<Replica, List<LeasedSecret>> moved = new LinkedHashMap<>();
        for (LeasedSecret secret : leases.held()) {
            Replica owner = membership.ownerOf(secret.spec().caller().user());
            if (!owner.id().equals(membership.self().id())) {
                moved.computeIfAbsent(owner, o -> new ArrayList<>()).add(secret);
            }
        }
        moved.forEach(this::handOver);
    }

    private void handOver(Replica owner, List<LeasedSecret> secrets) {
        List<LeasedSecret> released = new ArrayList<>();
        List<Transfer> transfers = new ArrayList<>();
        for (LeasedSecret secret : secrets) {
            LeaseKey key = secret.key();
            leases.release(key).ifPresent(lease -> {
                released.add(secret);
                transfers.add(new Transfer(secret.spec().caller(), key.namespace(), key.name(), lease));
            });
        }
        if (transfers.isEmpty()) {
            return;
        }
        List<Boolean> accepted;
        try {
            accepted = json.readValue(post(owner, LeaseTransferMessages.ADOPT, new Adopt(transfers)), Adopted.class)
                    .accepted();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "replica {0} could not take over {1} lease(s) ({2}); they stay here",
                    new Object[]{owner.id(), transfers.size(), e.getClass().getSimpleName()});
            for (int i = 0; i < transfers.size(); i++) {
                takeBack(released.get(i), transfers.get(i).lease());
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            transfers.forEach(transfer -> leases.revokeReleased(transfer.lease()));
            return;
        }
        int adopted = 0;
        for (int i = 0; i < transfers.size(); i++) {
            if (i < accepted.size() && accepted.get(i)) {
                adopted++;
            } else {
                leases.revokeReleased(transfers.get(i).lease()); // the owner holds its own lease on it
            }
        }
        LOG.info("handed " + adopted + " of " + transfers.size() + " lease(s) over to replica " + owner.id());
    }

    private void takeBack(LeasedSecret secret, HandedOverLease lease) {
        if (!leases.adopt(secret.key(), secret.spec(), lease)) {
            leases.revokeReleased(lease);
        }
    }

    @Override
    public Optional<HandedOverLease> takeOver(CallerIdentity caller, LeaseKey key) {
        List<Replica> others = membership.members().stream()
                .filter(replica -> !replica.id().equals(membership.self().id())).toList();
        if (others.isEmpty()) {
            return Optional.empty();
        }
        Replica previous = Owners.owner(caller.user(), others);
        try {
            Released released = json.readValue(post(previous, LeaseTransferMessages.RELEASE,
                    new Release(caller, key.namespace(), key.name())), Released.class);
            return Optional.ofNullable(released.lease());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not ask replica {0} for a lease it may hold ({1}); a new one is issued",
                    new Object[]{previous.id(), e.getClass().getSimpleName()});
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private byte[] post(Replica to, String path, Object message) throws IOException, InterruptedException {
        HttpResponse<InputStream> answer = peers.send(to, new PeerClient.Forwarded("POST", path,
                Map.of("Content-Type", List.of("application/json"), "Accept", List.of("application/json")),
                json.writeValueAsBytes(message), self));
        try (InputStream in = answer.body()) {
            byte[] body = in.readAllBytes();
            if (answer.statusCode() != 200) {
                throw new IOException("HTTP " + answer.statusCode());
            }
            return body;
        }
    }

    /** Waits (bounded) for a hand-over under way, so that the registry does not revoke what is being sent. */
    @Override
    public void close() {
        rounds.shutdown();
        try {
            if (!rounds.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning("the lease hand-over did not finish within " + CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
