package dev.virtualsecrets.server.vault;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.web.client.RestOperations;

import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The server's own Vault token, held by Spring Vault's {@link LifecycleAwareSessionManager}: it logs
 * in with the configured {@link ClientAuthentication} (kubernetes auth, AppRole, or a token looked up
 * for its TTL), renews the token before it expires, and logs in again when a renewal is refused or
 * the token reached its max TTL. {@link #reload} drops a token Vault refuses (revoked, or Vault
 * reset) and logs in again. A login token is revoked when the server stops; a configured token never.
 */
public final class ServerToken implements Supplier<String>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServerToken.class.getName());

    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private final LifecycleAwareSessionManager sessions;
    private String lastFailure;

    /** @param vault the RestOperations of Vault's API, without a token (logins, renewals, lookups) */
    public ServerToken(ClientAuthentication login, RestOperations vault) {
        scheduler.setDaemon(true);
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("vault-server-token-");
        scheduler.initialize();
        this.sessions = new LifecycleAwareSessionManager(login, scheduler, vault);
    }

    /**
     * The current token, logging in first when there is none; empty when the login failed (Vault
     * refuses an empty token: callers then get the server-token 503, and the token check retries).
     */
    @Override
    public String get() {
        try {
            String token = sessions.getSessionToken().getToken();
            lastFailure = null;
            return token;
        } catch (RuntimeException e) {
            logOnce("the server's Vault login failed: " + VaultErrors.summary(e) + " (" + e.getMessage() + ")");
            return "";
        }
    }

    /** Drops the token (Vault refused it) and logs in again; whether a different token came back. */
    synchronized boolean reload() {
        String before = get();
        sessions.revoke();
        String after = get();
        return !after.isEmpty() && !after.equals(before);
    }

    /** Logged once per different cause; Spring Vault's login messages quote Vault's error, never a credential. */
    private synchronized void logOnce(String failure) {
        if (!failure.equals(lastFailure)) {
            LOG.warning(failure);
            lastFailure = failure;
        }
    }

    /** Revokes a login token (a configured token is left alone) and stops renewing. */
    @Override
    public void close() {
        sessions.destroy();
        scheduler.shutdown();
    }

    @Override
    public String toString() {
        return "ServerToken[<redacted>]";
    }
}
