package dev.virtualsecrets.server.vault.lease;

import dev.virtualsecrets.server.vault.VaultErrors;
import dev.virtualsecrets.server.vault.VaultSession;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.lease.SecretLeaseContainer;
import org.springframework.vault.core.lease.domain.Lease;
import org.springframework.vault.core.lease.domain.RequestedSecret;
import org.springframework.vault.support.LeaseStrategy;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultResponseSupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Spring Vault's lease container for exactly one lease: one caller's one dynamic secret. The
 * container schedules renewals and rotations and publishes the lease events; this subclass makes
 * every Vault call with the right identity. Secrets are requested and leases renewed with the
 * caller's current token (a fresh one after the cached one was replaced), and revoked with the
 * server's token, which may also revoke leases whose caller token is gone.
 *
 * <p>The credentials are replaced (rotated) before they can no longer be kept: before the lease
 * reaches its max TTL (a renewal grants less than {@code rotateBefore}), before a certificate's
 * notAfter, and before the caller's token expires, since Vault revokes a token's leases with it.
 */
final class CallerLeaseContainer extends SecretLeaseContainer {

    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

    private final LeaseRequest request;
    private final Supplier<VaultSession> callerVault;
    private final VaultSession serverVault;
    private final Function<Map<String, Object>, Instant> certificateEnd;
    private final LeaseSchedule schedule;
    private final Clock clock;
    private final LongSupplier versions;
    private final RequestedSecret requested;
    private volatile LeaseState current;
    private volatile Instant keepUntil;
    private volatile Instant rotationDue;
    private volatile boolean started;
    private volatile HandedOverLease adopted;

    /**
     * @param certificateEnd the notAfter of a secret without a lease (a certificate), or null
     */
    CallerLeaseContainer(VaultOperations sessionless, TaskScheduler scheduler, LeaseRequest request,
                         Supplier<VaultSession> callerVault, VaultSession serverVault,
                         Function<Map<String, Object>, Instant> certificateEnd, LeaseSchedule schedule,
                         Clock clock, LongSupplier versions) {
        super(sessionless, scheduler);
        this.request = request;
        this.callerVault = callerVault;
        this.serverVault = serverVault;
        this.certificateEnd = certificateEnd;
        this.schedule = schedule;
        this.clock = clock;
        this.versions = versions;
        this.requested = RequestedSecret.rotating(request.path());
        setExpiryThreshold(schedule.renewBefore());
        setMinRenewal(LeaseSchedule.MIN_TIMER);
        // A failed renewal keeps the lease and is retried (see doRenewLease), rather than dropped.
        setLeaseStrategy(LeaseStrategy.retainOnError());
    }

    /** Obtains the secret now, in the calling thread; a Vault failure is thrown as it came. */
    void open() {
        afterPropertiesSet();
        addRequestedSecret(requested);
        start();
        started = true;
        if (current == null) {
            throw new IllegalStateException("Vault returned no secret for " + request.path());
        }
    }

    /**
     * Takes over a lease another replica held instead of obtaining one: {@link #open()} then serves
     * it and renews it from there on (with this replica's token for the caller).
     */
    void open(HandedOverLease handedOver) {
        adopted = handedOver;
        open();
    }

    /**
     * Stops renewing (the lease stays valid in Vault) and describes the lease for the replica that
     * takes it over.
     */
    HandedOverLease handOver(String path, Instant createdAt, Instant lastAccess) {
        stop();
        LeaseState state = current;
        return new HandedOverLease(path, createdAt, lastAccess, keepUntil, state.leaseId(), state.duration(),
                state.renewable(), state.issuedAt(), state.expiresAt(), state.secrets());
    }

    LeaseState current() {
        return current;
    }

    RequestedSecret requested() {
        return requested;
    }

    /** Revokes a lease this container no longer renews (the one a rotation replaced). */
    void revoke(Lease lease) {
        doRevokeLease(requested, lease);
    }

    @Override
    protected VaultResponseSupport<Map<String, Object>> doGetSecrets(RequestedSecret secret) {
        try {
            return obtain();
        } catch (RuntimeException e) {
            if (!started) {
                throw e;
            }
            onError(secret, Lease.none(), e);
            return null;
        }
    }

    private VaultResponse obtain() {
        HandedOverLease handedOver = adopted;
        if (handedOver != null) {
            adopted = null;
            return adopt(handedOver);
        }
        VaultSession vault = callerVault.get();
        VaultResponse response = request.body() == null
                ? vault.read(request.path())
                : vault.write(request.path(), request.body());
        if (response == null || response.getData() == null) {
            throw new SecretNotFoundException(request.path());
        }
        Instant now = clock.instant();
        String leaseId = response.getLeaseId();
        Map<String, Object> data = response.getData();
        LeaseState state;
        Instant keepBy;
        if (leaseId != null && !leaseId.isEmpty()) {
            Duration duration = Duration.ofSeconds(response.getLeaseDuration());
            state = new LeaseState(leaseId, duration, response.isRenewable(), now, now.plus(duration), data,
                    versions.getAsLong());
            keepBy = tokenExpiry(vault, now);
        } else {
            keepBy = certificateEnd == null ? null : certificateEnd.apply(data);
            Duration duration = keepBy == null ? Duration.ZERO : Duration.between(now, keepBy);
            state = new LeaseState(null, duration, false, now, keepBy, data, versions.getAsLong());
        }
        return hold(state, keepBy, now, response);
    }

    private VaultResponse adopt(HandedOverLease lease) {
        LeaseState state = new LeaseState(lease.hasLeaseId() ? lease.leaseId() : null, lease.duration(),
                lease.renewable(), lease.issuedAt(), lease.expiresAt(), lease.secrets(), versions.getAsLong());
        VaultResponse response = new VaultResponse();
        response.setLeaseId(state.leaseId());
        response.setRenewable(state.renewable());
        response.setData(state.secrets());
        return hold(state, lease.keepUntil(), clock.instant(), response);
    }

    /** Makes {@code state} the current one and tells the container when to renew or rotate it. */
    private VaultResponse hold(LeaseState state, Instant keepUntil, Instant now, VaultResponse response) {
        this.keepUntil = keepUntil;
        rotationDue = schedule.rotationDue(keepUntil);
        current = state;
        Instant leaseExpiry = state.hasLeaseId() ? state.expiresAt() : null;
        response.setLeaseDuration(keepUntil == null && leaseExpiry == null
                ? 0 : schedule.reportedDuration(now, leaseExpiry, rotationDue).getSeconds());
        return response;
    }

    /** When the caller's token (and with it every lease it created) expires; null: never. */
    private static Instant tokenExpiry(VaultSession vault, Instant now) {
        VaultResponse self = vault.read("auth/token/lookup-self");
        Object ttl = self == null || self.getData() == null ? null : self.getData().get("ttl");
        long seconds = ttl instanceof Number number ? number.longValue() : 0;
        return seconds > 0 ? now.plusSeconds(seconds) : null;
    }

    @Override
    protected Lease doRenewLease(RequestedSecret secret, Lease lease) {
        Instant now = clock.instant();
        LeaseState state = current;
        if (!lease.hasLeaseId() || schedule.mustRotate(now, rotationDue)) {
            onLeaseExpired(secret, lease);
            return Lease.none();
        }
        try {
            VaultResponse renewed = callerVault.get().write("sys/leases/renew", Map.of("lease_id", lease.getLeaseId()));
            Duration granted = Duration.ofSeconds(renewed == null ? 0 : renewed.getLeaseDuration());
            if (schedule.tooShortToKeep(granted)) {
                onLeaseExpired(secret, lease);
                return Lease.none();
            }
            current = state.renewed(granted, now, versions.getAsLong());
            return Lease.of(lease.getLeaseId(), schedule.reportedDuration(now, now.plus(granted), rotationDue),
                    renewed.isRenewable());
        } catch (RuntimeException e) {
            onError(secret, lease, e);
            if (VaultErrors.httpStatus(e).filter(code -> code == 400).isPresent()) {
                // Vault no longer knows the lease (expired, or revoked with its token): replace it.
                onLeaseExpired(secret, lease);
                return Lease.none();
            }
            Duration left = Duration.between(now, state.expiresAt());
            Duration retryIn = left.dividedBy(2);
            retryIn = retryIn.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : retryIn;
            retryIn = retryIn.compareTo(LeaseSchedule.MIN_TIMER) < 0 ? LeaseSchedule.MIN_TIMER : retryIn;
            return Lease.of(lease.getLeaseId(), retryIn.plus(schedule.renewBefore()), lease.isRenewable());
        }
    }

    @Override
    protected void doRevokeLease(RequestedSecret secret, Lease lease) {
        try {
            onBeforeLeaseRevocation(secret, lease);
            serverVault.write("sys/leases/revoke", Map.of("lease_id", lease.getLeaseId()));
            onAfterLeaseRevocation(secret, lease);
        } catch (RuntimeException e) {
            onError(secret, lease, e);
        }
    }
}
