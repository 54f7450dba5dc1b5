package dev.virtualsecrets.server.vault.authentication;

import dev.virtualsecrets.server.cache.ExpiringCache;
import dev.virtualsecrets.server.cache.SingleFlight;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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
    private final SingleFlight<String, CallerToken> logins = new SingleFlight<>();

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
        return logins.run(key, () -> {
            CallerToken token = (serviceAccount ? serviceAccounts : users).issue(caller);
            metrics.login(serviceAccount ? SERVICE_ACCOUNT : USER);
            cache.put(key, token, keepUntil(token.expiresAt()));
            return token;
        }).token();
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
}
