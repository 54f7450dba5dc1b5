package dev.virtualsecrets.server.identity;

import dev.virtualsecrets.server.authn.CallerIdentity;
import dev.virtualsecrets.server.cache.ExpiringCache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each caller's Vault token, in memory only: ServiceAccounts log in through their kubernetes auth
 * role, everyone else gets a token from the users' token role. A token is reused until
 * {@code refreshBefore} its expiry (or half its remaining life, if shorter), at most
 * {@code maxEntries} callers are kept (least recently used go first), and concurrent first requests
 * of one caller share a single login.
 */
public final class CallerTokens {

    /** Counters for the token cache; labels are fixed words, never a user name. */
    public interface Metrics {
        void hit();

        void miss();

        void login(String callerKind);
    }

    static final String SERVICE_ACCOUNT = "serviceaccount";
    static final String USER = "user";

    private final VaultTokenSource serviceAccounts;
    private final UserTokenIssuer users;
    private final Duration refreshBefore;
    private final Clock clock;
    private final Metrics metrics;
    private final ExpiringCache<String, CallerToken> cache;
    private final ConcurrentHashMap<String, CompletableFuture<CallerToken>> logins = new ConcurrentHashMap<>();

    public CallerTokens(VaultTokenSource serviceAccounts, UserTokenIssuer users, int maxEntries,
                        Duration refreshBefore, Clock clock, Metrics metrics) {
        this.serviceAccounts = serviceAccounts;
        this.users = users;
        this.refreshBefore = refreshBefore;
        this.clock = clock;
        this.metrics = metrics;
        this.cache = new ExpiringCache<>(maxEntries, clock);
    }

    /** The caller's Vault token; logs in when none is cached. Throws {@link CallerLoginException}. */
    public String tokenFor(CallerIdentity caller) {
        boolean serviceAccount = ServiceAccountName.parse(caller.user()).isPresent();
        // A user's token carries the policies of their groups: other groups, other token.
        String key = serviceAccount ? SERVICE_ACCOUNT + "\n" + caller.user()
                : USER + "\n" + caller.user() + "\n" + String.join(",", users.policies(caller));
        Optional<CallerToken> cached = cache.get(key);
        if (cached.isPresent()) {
            metrics.hit();
            return cached.get().token();
        }
        metrics.miss();
        CompletableFuture<CallerToken> mine = new CompletableFuture<>();
        CompletableFuture<CallerToken> running = logins.putIfAbsent(key, mine);
        if (running != null) {
            return await(running).token();
        }
        try {
            CallerToken token = (serviceAccount ? serviceAccounts : users).issue(caller);
            metrics.login(serviceAccount ? SERVICE_ACCOUNT : USER);
            cache.put(key, token, keepUntil(token.expiresAt()));
            mine.complete(token);
            return token.token();
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            logins.remove(key, mine);
        }
    }

    public int size() {
        return cache.size();
    }

    private Instant keepUntil(Instant expiresAt) {
        if (expiresAt.equals(Instant.MAX)) {
            return Instant.MAX;
        }
        Instant now = clock.instant();
        Instant beforeRefresh = expiresAt.minus(refreshBefore);
        Instant halfLife = now.plus(Duration.between(now, expiresAt).dividedBy(2));
        return beforeRefresh.isAfter(halfLife) ? beforeRefresh : halfLife;
    }

    private static CallerToken await(CompletableFuture<CallerToken> login) {
        try {
            return login.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
