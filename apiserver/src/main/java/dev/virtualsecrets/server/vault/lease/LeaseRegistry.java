package dev.virtualsecrets.server.vault.lease;

import dev.virtualsecrets.server.cache.SingleFlight;
import dev.virtualsecrets.server.vault.VaultErrors;
import dev.virtualsecrets.server.vault.VaultSession;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.lease.domain.Lease;
import org.springframework.vault.core.lease.event.AfterSecretLeaseRenewedEvent;
import org.springframework.vault.core.lease.event.SecretLeaseCreatedEvent;
import org.springframework.vault.core.lease.event.SecretLeaseEvent;
import org.springframework.vault.core.lease.event.SecretLeaseExpiredEvent;
import org.springframework.vault.core.lease.event.SecretLeaseRotatedEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every lease this replica holds: one per (caller identity, VirtualSecret), shared by all of that
 * caller's reads and watches. Each lease lives in its own {@link CallerLeaseContainer} (Spring
 * Vault's {@code SecretLeaseContainer}), whose events become the observer's calls: created, then
 * renewed or rotated (with the previous lease revoked at once), then ended (revoked, or expired
 * without a replacement). Leases nobody has read for {@code idleTimeout} and nobody watches are
 * revoked. Lease ids are recorded with {@link LeaseRecords}; {@link #close()} revokes everything
 * still held. With several replicas a lease moves with its caller's identity instead of being
 * revoked: {@link #release} gives it up, {@link #adopt} takes it over.
 */
public final class LeaseRegistry implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseRegistry.class.getName());

    /** What happens to leases, for whoever turns them into watch events. Called on the thread of the change. */
    public interface Observer {
        void created(LeasedSecret secret, LeaseState state);

        /** Renewed ({@code rotated} false: same credentials, later expiry) or rotated (new credentials). */
        void changed(LeasedSecret secret, LeaseState state, boolean rotated);

        /** Revoked, or expired without a replacement; the lease is gone from the registry. */
        void ended(LeasedSecret secret, LeaseState last);
    }

    private final VaultOperations sessionless;
    private final VaultSession serverVault;
    private final LeaseRecords records;
    private final LeaseSchedule schedule;
    private final Duration idleTimeout;
    private final Clock clock;
    private final LongSupplier versions;
    private final Supplier<Predicate<LeaseKey>> watched;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private final ConcurrentHashMap<LeaseKey, LeasedSecret> leases = new ConcurrentHashMap<>();
    private final SingleFlight<LeaseKey, LeasedSecret> opening = new SingleFlight<>();
    private volatile LeaseTransfers transfers = LeaseTransfers.NONE;

    /**
     * @param watched a snapshot of the open watches, asked once per idle round: whether someone with
     *                the lease's identity watches its VirtualSecret (which keeps the lease)
     */
    public LeaseRegistry(VaultOperations sessionless, VaultSession serverVault, LeaseRecords records,
                         LeaseSchedule schedule, Duration idleTimeout, Clock clock, LongSupplier versions,
                         Supplier<Predicate<LeaseKey>> watched) {
        this.sessionless = sessionless;
        this.serverVault = serverVault;
        this.records = records;
        this.schedule = schedule;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        this.versions = versions;
        this.watched = watched;
        scheduler.setDaemon(true);
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("leases-");
        scheduler.initialize();
    }

    /** Revokes the leases an earlier process of this replica left behind, then starts idle revocation. */
    public LeaseRegistry start() {
        int orphans = records.revokeOrphans();
        LOG.info("revoked " + orphans + " orphaned lease(s) recorded by an earlier process of this replica");
        Duration period = idleTimeout.dividedBy(4);
        period = period.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : period;
        period = period.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : period;
        scheduler.scheduleWithFixedDelay(this::revokeIdle, period);
        return this;
    }

    /** Where leases this replica does not hold are asked for before new ones are issued (several replicas). */
    public void takeOverFrom(LeaseTransfers transfers) {
        this.transfers = transfers;
    }

    /**
     * The caller's lease on {@code key}: the one held, the one another replica hands over (see
     * {@link LeaseTransfers}), or a new one obtained now (concurrent first reads share one request
     * to Vault). Vault's failures are thrown as they came.
     */
    public LeasedSecret obtain(LeaseKey key, LeaseSpec spec) {
        LeasedSecret held = leases.get(key);
        while (held == null) { // null: joined an adoption that was refused
            held = opening.run(key, () -> {
                LeasedSecret opened = leases.get(key);
                return opened != null ? opened : open(key, spec, takeOver(key, spec));
            });
        }
        held.touch(clock.instant());
        return held;
    }

    /**
     * Takes over a lease another replica held (it moved the caller's identity here): served and
     * renewed from now on, recorded as this replica's. Refused (false) when this replica holds a
     * lease on the key already or maps the VirtualSecret to another Vault path; the sender then
     * revokes its lease.
     */
    public boolean adopt(LeaseKey key, LeaseSpec spec, HandedOverLease lease) {
        AtomicBoolean adopted = new AtomicBoolean();
        opening.run(key, () -> {
            LeasedSecret held = leases.get(key);
            if (held != null || !lease.path().equals(spec.request().get().path())) {
                return held;
            }
            adopted.set(true);
            LeasedSecret secret = open(key, spec, lease);
            secret.touch(lease.lastAccess());
            return secret;
        });
        return adopted.get();
    }

    /**
     * Gives the lease up to another replica: it is no longer renewed, served or recorded here, and
     * not revoked; its watchers here hear nothing (the caller's watches move with the identity).
     */
    public Optional<HandedOverLease> release(LeaseKey key) {
        LeasedSecret secret = leases.remove(key);
        if (secret == null) {
            return Optional.empty();
        }
        HandedOverLease lease = secret.container().handOver(secret.path(), secret.createdAt(), secret.lastAccess());
        forget(secret.state());
        return Optional.of(lease);
    }

    /** Revokes a lease that was released here and that nobody took over. */
    public void revokeReleased(HandedOverLease lease) {
        if (lease.hasLeaseId()) {
            try {
                serverVault.write("sys/leases/revoke", Map.of("lease_id", lease.leaseId()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not revoke released lease " + lease.leaseId() + ": "
                        + VaultErrors.summary(e));
            }
        }
    }

    private HandedOverLease takeOver(LeaseKey key, LeaseSpec spec) {
        Optional<HandedOverLease> previous;
        try {
            previous = transfers.takeOver(spec.caller(), key);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not ask for a lease held elsewhere: " + e.getClass().getSimpleName());
            return null;
        }
        if (previous.isEmpty()) {
            return null;
        }
        if (!previous.get().path().equals(spec.request().get().path())) {
            revokeReleased(previous.get()); // the other replica's version maps this VirtualSecret elsewhere
            return null;
        }
        return previous.get();
    }

    private LeasedSecret open(LeaseKey key, LeaseSpec spec, HandedOverLease handedOver) {
        LeaseRequest request = spec.request().get();
        CallerLeaseContainer container = new CallerLeaseContainer(sessionless, scheduler, request, spec.callerVault(),
                serverVault, spec.certificateEnd(), schedule, clock, versions);
        LeasedSecret secret = new LeasedSecret(key, request.path(), container, spec,
                handedOver == null ? clock.instant() : handedOver.createdAt());
        container.addLeaseListener(event -> onEvent(secret, event));
        container.addErrorListener((event, error) -> LOG.log(Level.WARNING, "lease " + leaseIdOf(event.getLease())
                + " of " + key.namespace() + "/" + key.name() + ": " + VaultErrors.summary(error)));
        try {
            if (handedOver == null) {
                container.open();
            } else {
                container.open(handedOver);
            }
        } catch (RuntimeException e) {
            destroy(container);
            throw e;
        }
        // Only an opened lease is visible: concurrent first reads wait on the opening instead.
        leases.put(key, secret);
        return secret;
    }

    public Optional<LeasedSecret> find(LeaseKey key) {
        return Optional.ofNullable(leases.get(key));
    }

    /** Every lease held here. */
    public List<LeasedSecret> held() {
        return List.copyOf(leases.values());
    }

    /** The leases of one identity, in one namespace (null: all), sorted by namespace and name. */
    public List<LeasedSecret> held(String owner, String namespace) {
        List<LeasedSecret> result = new ArrayList<>();
        for (LeasedSecret secret : leases.values()) {
            LeaseKey key = secret.key();
            if (key.owner().equals(owner) && (namespace == null || namespace.equals(key.namespace()))) {
                result.add(secret);
            }
        }
        result.sort(Comparator.comparing((LeasedSecret s) -> s.key().namespace()).thenComparing(s -> s.key().name()));
        return result;
    }

    /** Revokes the lease now; empty when none is held. The observer hears {@code ended}. */
    public Optional<LeaseState> revoke(LeaseKey key) {
        LeasedSecret secret = leases.remove(key);
        if (secret == null) {
            return Optional.empty();
        }
        LeaseState last = secret.state();
        destroy(secret.container());
        forget(last);
        secret.observer().ended(secret, last);
        return Optional.of(last);
    }

    /** Revokes every identity's leases in {@code namespace} (it is being deleted); how many. */
    public int revokeNamespace(String namespace) {
        int revoked = 0;
        for (LeaseKey key : List.copyOf(leases.keySet())) {
            if (key.namespace().equals(namespace) && revoke(key).isPresent()) {
                revoked++;
            }
        }
        return revoked;
    }

    /**
     * Revokes the leases recorded by replicas that are gone ({@code live}, read after the records
     * were listed, so that a replica that just started is seen) and that this replica answers for
     * ({@code mine}: one live replica per departed one), so that a killed replica's leases outlive
     * it by the membership's expiry at most. Their credentials cannot be taken over (they were in
     * the dead replica's memory); callers get new ones at their next read.
     *
     * @return how many leases were revoked
     */
    public int revokeDeparted(Supplier<Set<String>> live, Predicate<String> mine) {
        int revoked = 0;
        List<String> recording = records.recordingReplicas();
        if (recording.isEmpty()) {
            return 0;
        }
        Set<String> liveNow;
        try {
            liveNow = live.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the live replicas could not be read ({0}); departed replicas'' leases wait",
                    e.getClass().getSimpleName());
            return 0;
        }
        for (String replica : recording) {
            if (!liveNow.contains(replica) && mine.test(replica)) {
                int count = records.revokeRecordedBy(replica);
                LOG.info("revoked " + count + " lease(s) recorded by replica " + replica + ", which is gone");
                revoked += count;
            }
        }
        return revoked;
    }

    public int size() {
        return leases.size();
    }

    void revokeIdle() {
        Instant idleSince = clock.instant().minus(idleTimeout);
        List<LeasedSecret> idle = leases.values().stream().filter(s -> s.lastAccess().isBefore(idleSince)).toList();
        if (idle.isEmpty()) {
            return;
        }
        Predicate<LeaseKey> watchedNow = watched.get();
        for (LeasedSecret secret : idle) {
            try {
                if (!watchedNow.test(secret.key())) {
                    LOG.info("revoking idle lease " + leaseIdOf(secret.state()) + " of "
                            + secret.key().namespace() + "/" + secret.key().name());
                    revoke(secret.key());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "idle lease revocation failed: " + e.getClass().getSimpleName());
            }
        }
    }

    private void onEvent(LeasedSecret secret, SecretLeaseEvent event) {
        LeaseState state = secret.state();
        if (event instanceof SecretLeaseRotatedEvent rotated) {
            remember(state);
            if (leases.get(secret.key()) == secret && secret.markPublished(state)) {
                secret.observer().changed(secret, state, true);
            }
            Lease previous = rotated.getPreviousLease();
            if (previous != null && previous.hasLeaseId()) {
                secret.container().revoke(previous);
                records.forget(previous.getLeaseId());
            }
        } else if (event instanceof SecretLeaseCreatedEvent) {
            remember(state);
            if (secret.markPublished(state)) {
                secret.observer().created(secret, state);
            }
        } else if (event instanceof AfterSecretLeaseRenewedEvent) {
            if (leases.get(secret.key()) == secret && secret.markPublished(state)) {
                secret.observer().changed(secret, state, false);
            }
        } else if (event instanceof SecretLeaseExpiredEvent) {
            // Expired and not replaced (a rotation failed): the credentials are gone.
            if (leases.remove(secret.key(), secret)) {
                secret.container().stop();
                forget(state);
                secret.observer().ended(secret, state);
            }
        }
    }

    private void remember(LeaseState state) {
        if (state != null && state.hasLeaseId()) {
            records.remember(state.leaseId());
        }
    }

    private void forget(LeaseState state) {
        if (state != null && state.hasLeaseId()) {
            records.forget(state.leaseId());
        }
    }

    private static void destroy(CallerLeaseContainer container) {
        try {
            container.destroy();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "could not stop a lease container: " + e.getClass().getSimpleName());
        }
    }

    /** Revokes every lease (the server is stopping); their records go with them. */
    @Override
    public void close() {
        for (LeaseKey key : List.copyOf(leases.keySet())) {
            try {
                revoke(key);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not revoke a lease at shutdown: " + e.getClass().getSimpleName());
            }
        }
        scheduler.shutdown();
    }

    private static String leaseIdOf(Lease lease) {
        return lease != null && lease.hasLeaseId() ? lease.getLeaseId() : "(none)";
    }

    private static String leaseIdOf(LeaseState state) {
        return state != null && state.hasLeaseId() ? state.leaseId() : "(certificate)";
    }
}
