package dev.virtualsecrets.server.vault;

import org.springframework.vault.core.VaultOperations;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether Vault accepts the server's own token, asked with {@code auth/token/lookup-self} (which
 * the server's policy allows): in the background every period, and on demand at most once per
 * second when Vault answers 403 to anyone, since a 403 for an invalid token looks like a policy
 * denial. A refused token is dropped and the server logs in again (a token file is read again);
 * while Vault is unreachable the last answer stands.
 */
public final class ServerTokenCheck implements AutoCloseable {

    private static final long MIN_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final VaultOperations vault;
    private final ServerToken token;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("vault-server-token-check").factory());
    private volatile boolean refused;
    private volatile long checkedAt = System.nanoTime() - MIN_INTERVAL_NANOS;

    public ServerTokenCheck(VaultOperations sessionlessVault, ServerToken token) {
        this.vault = sessionlessVault;
        this.token = token;
    }

    /** Checks every {@code period} from now on. */
    public void start(Duration period) {
        timer.scheduleWithFixedDelay(this::check, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last answer: whether Vault refuses the server's token. */
    public boolean refused() {
        return refused;
    }

    /** Asks Vault again unless it was asked within the last second; whether it refuses the token. */
    public boolean recheck() {
        if (System.nanoTime() - checkedAt >= MIN_INTERVAL_NANOS) {
            check();
        }
        return refused;
    }

    synchronized void check() {
        checkedAt = System.nanoTime();
        Boolean accepted = TokenVaultSession.accepts(vault, token.get());
        if (accepted == null) {
            return; // unreachable: readiness reports Vault itself
        }
        if (!accepted && token.reload()) {
            accepted = TokenVaultSession.accepts(vault, token.get());
        }
        if (accepted != null) {
            refused = !accepted;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
