package dev.virtualsecrets.server.vault;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Whether Vault can serve, asked of its unauthenticated {@code sys/health} in the background every
 * period (each probe bounded by the probe client's own short timeouts). While the last answer says
 * it cannot (unreachable, sealed or uninitialized), Vault calls fail at once instead of waiting for
 * their request timeout, so callers get 503 + Retry-After within one period and one probe timeout.
 * Before the first answer Vault counts as available: calls decide for themselves.
 */
public final class VaultAvailability implements AutoCloseable {

    private final Supplier<VaultHealthStatus> probe;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("vault-availability").factory());
    private volatile VaultHealthStatus last;

    public VaultAvailability(Supplier<VaultHealthStatus> probe) {
        this.probe = probe;
    }

    /** Probes now and every {@code period} after the previous probe ended. */
    public void start(Duration period) {
        timer.scheduleWithFixedDelay(this::probe, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void probe() {
        last = probe.get();
    }

    /** False only when the last probe found Vault unreachable, sealed or uninitialized. */
    public boolean available() {
        VaultHealthStatus status = last;
        return status == null || status.ready();
    }

    /** The last answer, or null before the first probe ended. */
    public VaultHealthStatus last() {
        return last;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
