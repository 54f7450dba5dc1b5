package dev.virtualsecrets.server.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The server's own Vault token, from its {@link ServerTokenSource}: the configured token, the
 * content of {@code vault.tokenFile}, or a login to Vault's kubernetes auth method with the pod's
 * ServiceAccount token. {@link #reload} fetches it again: when Vault refuses it (an operator or a
 * Vault agent may have written a new file; a login token may have been revoked) and, for a token
 * with a known lifetime, once two thirds of it have passed.
 */
public final class ServerToken implements Supplier<String> {

    private static final Logger LOG = Logger.getLogger(ServerToken.class.getName());

    private final ServerTokenSource source;
    private final Clock clock;
    private volatile String token;
    private volatile Instant renewAt;
    private String lastFailure;

    /** A token read once from {@code token}, or from {@code file} whenever it is reloaded. */
    public ServerToken(String token, java.nio.file.Path file) {
        this(ServerTokenSource.fixedOrFile(token, file), Clock.systemUTC());
    }

    public ServerToken(ServerTokenSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
        fetch();
    }

    /**
     * The current token; empty while none could be fetched (Vault unreachable at a login), which
     * Vault refuses. Never fetches: requests must not queue behind a login; the server token check
     * fetches again when Vault refuses the token.
     */
    @Override
    public String get() {
        String current = token;
        return current == null ? "" : current;
    }

    /** Fetches the token again; whether it changed. A fixed token never does. */
    synchronized boolean reload() {
        String before = token;
        fetch();
        return token != null && !token.equals(before);
    }

    /** Whether two thirds of a token's known lifetime have passed. */
    boolean due() {
        Instant at = renewAt;
        return at != null && !clock.instant().isBefore(at);
    }

    private synchronized void fetch() {
        ServerTokenSource.Fetched fetched;
        try {
            fetched = source.fetch();
        } catch (ServerTokenSource.FetchException e) {
            // The token so far is kept; the check retries. Logged once per different cause.
            if (!e.getMessage().equals(lastFailure)) {
                LOG.warning(e.getMessage());
                lastFailure = e.getMessage();
            }
            return;
        }
        lastFailure = null;
        if (fetched == null || fetched.token().isEmpty()) {
            return;
        }
        token = fetched.token();
        Duration ttl = fetched.ttl();
        renewAt = ttl == null || ttl.isZero() ? null : clock.instant().plus(ttl.multipliedBy(2).dividedBy(3));
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "ServerToken[source=" + source + "]";
    }
}
