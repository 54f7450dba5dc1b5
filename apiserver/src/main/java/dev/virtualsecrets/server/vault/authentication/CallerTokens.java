package dev.virtualsecrets.server.vault.authentication;

import com.github.benmanes.caffeine.cache.Cache;
import dev.virtualsecrets.server.cache.Caches;
import dev.virtualsecrets.server.cache.SingleFlight;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.time.Duration;
import java.time.Instant;

/**
 * Each caller's Vault token, in memory only: ServiceAccounts log in through their kubernetes auth
 * role, everyone else gets a token from the users' token role. A token is reused until
 * {@code refreshBefore} its expiry (or half its remaining life, if shorter), at most
 * {@code maxEntries} callers are kept, and concurrent first requests of one caller share a single
 * login.
 *
 * <p>Logins run in a {@link SingleFlight} rather than in Caffeine's {@code get(key, loader)}: that
 * loader runs under the lock of the cache map's bin, so a slow Vault login would also hold up the
 * writes of other callers whose keys share the bin, and callers waiting on a failed login would
 * each log in again instead of sharing the failure.
 */
public final class CallerTokens {

    /** Counts logins; the label is a fixed word, never a user name. Hits and misses are the cache's statistics. */
    @FunctionalInterface
    public interface Metrics {
        void login(String callerKind);
    }

    static final String SERVICE_ACCOUNT = "serviceaccount";
    static final String USER = "user";
    /** The cache's name in the metrics. */
    static final String CACHE_NAME = "vault_tokens";

    private final VaultTokenSource serviceAccounts;
    private final UserTokenIssuer users;
    private final Duration refreshBefore;
    private final Metrics metrics;
    private final Cache<String, CallerToken> cache;
    private final SingleFlight<String, CallerToken> logins = new SingleFlight<>();

    public CallerTokens(VaultTokenSource serviceAccounts, UserTokenIssuer users, int maxEntries,
                        Duration refreshBefore, Caches caches, Metrics metrics) {
        this.serviceAccounts = serviceAccounts;
        this.users = users;
        this.refreshBefore = refreshBefore;
        this.metrics = metrics;
        this.cache = caches.expiringAt(CACHE_NAME, maxEntries, (token, now) -> keepUntil(token.expiresAt(), now));
    }

    /** The caller's Vault token; logs in when none is cached. Throws {@link CallerLoginException}. */
    public String tokenFor(CallerIdentity caller) {
        boolean serviceAccount = ServiceAccountName.parse(caller.user()).isPresent();
        String key = key(caller);
        CallerToken cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached.token();
        }
        return logins.run(key, () -> {
            // A login that finished between the lookup above and this flight is reused (not counted twice).
            CallerToken fresh = cache.policy().getIfPresentQuietly(key);
            if (fresh != null) {
                return fresh;
            }
            CallerToken token = (serviceAccount ? serviceAccounts : users).issue(caller);
            metrics.login(serviceAccount ? SERVICE_ACCOUNT : USER);
            cache.put(key, token);
            return token;
        }).token();
    }

    /**
     * Drops the caller's cached token if it is {@code token} (Vault no longer accepts it: revoked, or
     * Vault was reset), so that the next request logs in again.
     */
    public void forget(CallerIdentity caller, String token) {
        cache.asMap().computeIfPresent(key(caller), (key, cached) -> cached.token().equals(token) ? null : cached);
    }

    /** A user's token carries the policies of their groups: other groups, other token. */
    private String key(CallerIdentity caller) {
        return ServiceAccountName.parse(caller.user()).isPresent() ? SERVICE_ACCOUNT + "\n" + caller.user()
                : USER + "\n" + caller.user() + "\n" + String.join(",", users.policies(caller));
    }

    /** How many callers' tokens are kept (expired and evicted ones removed first). */
    int size() {
        cache.cleanUp();
        return (int) cache.estimatedSize();
    }

    private Instant keepUntil(Instant expiresAt, Instant now) {
        if (expiresAt.equals(Instant.MAX)) {
            return Instant.MAX;
        }
        Instant beforeRefresh = expiresAt.minus(refreshBefore);
        Instant halfLife = now.plus(Duration.between(now, expiresAt).dividedBy(2));
        return beforeRefresh.isAfter(halfLife) ? beforeRefresh : halfLife;
    }
}
