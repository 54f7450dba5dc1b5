package dev.virtualsecrets.server.vault.authentication;

import dev.virtualsecrets.server.cache.CacheMetrics;
import dev.virtualsecrets.server.cache.Caches;
import dev.virtualsecrets.server.testsupport.MutableClock;
import dev.virtualsecrets.server.testsupport.UnsupportedVaultSession;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.VaultSession;
import org.junit.jupiter.api.Test;
import org.springframework.vault.support.VaultResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CallerTokensTest {

    private static final Instant T = Instant.parse("2026-11-28T00:00:00Z");
    private static final CallerIdentity APP = CallerIdentity.of("system:serviceaccount:demo:app",
            List.of("system:serviceaccounts", "system:serviceaccounts:demo", "system:authenticated"));
    private static final CallerIdentity ALICE = CallerIdentity.of("alice", List.of("dev", "system:authenticated"));
    private static final CallerIdentity CAROL = CallerIdentity.of("carol", List.of("system:authenticated"));
    private static final Map<String, List<String>> GROUP_POLICIES = Map.of(
            "dev", List.of("virtualsecrets-dev"),
            "ops", List.of("virtualsecrets-viewer", "virtualsecrets-dev"));

    private final MutableClock clock = new MutableClock(T);
    private final AtomicInteger issued = new AtomicInteger();
    private final List<Map<String, ?>> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** The server's Vault, as far as the token role is concerned: records requests, answers 15-minute tokens. */
    private final VaultSession serverVault = new UnsupportedVaultSession() {
        @Override
        public VaultResponse write(String path, Map<String, ?> body) {
            tokenRequests.add(Map.of("path", path, "body", body));
            VaultResponse response = new VaultResponse();
            response.setAuth(Map.of("client_token", "user-token-" + issued.incrementAndGet(), "lease_duration", 900));
            return response;
        }
    };

    private final CallerTokens.Metrics metrics = callerKind -> events.add("login:" + callerKind);

    private final UserTokenIssuer users = new UserTokenIssuer(serverVault, "virtualsecrets-users",
            Duration.ofMinutes(15), GROUP_POLICIES, clock);

    private CallerTokens tokens(VaultTokenSource serviceAccounts) {
        return new CallerTokens(serviceAccounts, users, 100, Duration.ofMinutes(1),
                new Caches(clock, CacheMetrics.none()), metrics);
    }

    private VaultTokenSource serviceAccountsValidFor(Duration ttl) {
        return caller -> new CallerToken("sa-token-" + issued.incrementAndGet(), clock.instant().plus(ttl));
    }

    @Test
    void aUsersTokenComesFromTheTokenRoleWithEntityAliasAndMappedPolicies() {
        assertEquals("user-token-1", tokens(serviceAccountsValidFor(Duration.ofMinutes(15))).tokenFor(ALICE));

        assertEquals("auth/token/create/virtualsecrets-users", tokenRequests.getFirst().get("path"));
        Map<?, ?> body = (Map<?, ?>) tokenRequests.getFirst().get("body");
        assertEquals("alice", body.get("entity_alias"));
        assertEquals(List.of("virtualsecrets-dev"), body.get("policies"));
        assertEquals(Map.of("kubernetes_user", "alice"), body.get("meta"));
        assertEquals("900s", body.get("ttl"));
    }

    @Test
    void aUserWhoseGroupsMapToNothingAsksForTheDefaultPolicyExplicitly() {
        // Without policies, Vault would give a token from the role every policy the role allows.
        tokens(serviceAccountsValidFor(Duration.ofMinutes(15))).tokenFor(CAROL);

        Map<?, ?> body = (Map<?, ?>) tokenRequests.getFirst().get("body");
        assertEquals(List.of("default"), body.get("policies"));
    }

    @Test
    void policiesOfAllGroupsAreUnitedOnceSorted() {
        CallerIdentity both = CallerIdentity.of("dana", List.of("ops", "dev"));

        assertEquals(List.of("virtualsecrets-dev", "virtualsecrets-viewer"), users.policies(both));
    }

    @Test
    void serviceAccountsLogInThroughTheirOwnSource() {
        CallerTokens tokens = tokens(serviceAccountsValidFor(Duration.ofMinutes(15)));

        assertEquals("sa-token-1", tokens.tokenFor(APP));
        assertEquals(List.of(), tokenRequests);
        assertEquals(List.of("login:serviceaccount"), events);
    }

    @Test
    void aTokenIsReusedUntilShortlyBeforeItExpires() {
        CallerTokens tokens = tokens(serviceAccountsValidFor(Duration.ofMinutes(15)));
        String first = tokens.tokenFor(APP);

        clock.advance(Duration.ofMinutes(13).plusSeconds(59));
        assertSame(first, tokens.tokenFor(APP));
        clock.advance(Duration.ofSeconds(1));
        assertNotEquals(first, tokens.tokenFor(APP));
        assertEquals(List.of("login:serviceaccount", "login:serviceaccount"), events);
    }

    @Test
    void aShortLivedTokenIsReusedForHalfItsLife() {
        CallerTokens tokens = tokens(serviceAccountsValidFor(Duration.ofSeconds(40)));
        String first = tokens.tokenFor(APP);

        clock.advance(Duration.ofSeconds(19));
        assertSame(first, tokens.tokenFor(APP));
        clock.advance(Duration.ofSeconds(1));
        assertNotEquals(first, tokens.tokenFor(APP));
    }

    @Test
    void otherGroupsMeanAnotherTokenForTheSameUser() {
        CallerTokens tokens = tokens(serviceAccountsValidFor(Duration.ofMinutes(15)));

        String asDev = tokens.tokenFor(ALICE);
        String withoutGroups = tokens.tokenFor(CallerIdentity.of("alice", List.of("system:authenticated")));

        assertNotEquals(asDev, withoutGroups);
        assertEquals(asDev, tokens.tokenFor(ALICE));
    }

    @Test
    void concurrentFirstRequestsOfOneCallerShareOneLogin() throws Exception {
        CountDownLatch loginStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CallerTokens tokens = tokens(caller -> {
            loginStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CallerToken("sa-token-" + issued.incrementAndGet(), clock.instant().plus(Duration.ofMinutes(15)));
        });
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = pool.submit(() -> tokens.tokenFor(APP));
            loginStarted.await();
            List<Future<String>> others = List.of(pool.submit(() -> tokens.tokenFor(APP)),
                    pool.submit(() -> tokens.tokenFor(APP)));
            Thread.sleep(100);
            release.countDown();

            assertEquals("sa-token-1", first.get());
            for (Future<String> other : others) {
                assertEquals("sa-token-1", other.get());
            }
        }
        assertEquals(1, issued.get());
    }

    @Test
    void aFailedLoginIsNotCached() {
        AtomicInteger attempts = new AtomicInteger();
        CallerTokens tokens = tokens(caller -> {
            attempts.incrementAndGet();
            throw new CallerLoginException(CallerLoginException.Reason.VAULT_REFUSED, "refused");
        });

        assertThrows(CallerLoginException.class, () -> tokens.tokenFor(APP));
        assertThrows(CallerLoginException.class, () -> tokens.tokenFor(APP));
        assertEquals(2, attempts.get());
        assertEquals(0, tokens.size());
    }

    @Test
    void theCacheIsBounded() {
        CallerTokens tokens = new CallerTokens(serviceAccountsValidFor(Duration.ofMinutes(15)), users, 2,
                Duration.ofMinutes(1), new Caches(clock, CacheMetrics.none()), metrics);
        for (String name : List.of("a", "b", "c")) {
            tokens.tokenFor(CallerIdentity.of("system:serviceaccount:demo:" + name, List.of()));
        }

        assertEquals(2, tokens.size());
    }

    @Test
    void aTokenThatNeverExpiresIsKeptUntilEvicted() {
        CallerTokens tokens = tokens(caller -> new CallerToken("sa-token-" + issued.incrementAndGet(), Instant.MAX));
        String first = tokens.tokenFor(APP);

        clock.advance(Duration.ofDays(3650));
        assertSame(first, tokens.tokenFor(APP));
        assertEquals(1, issued.get());
    }
}
