package dev.virtualsecrets.server.vault.lease;

import dev.virtualsecrets.server.testsupport.MutableClock;
import dev.virtualsecrets.server.testsupport.UnsupportedVaultSession;
import dev.virtualsecrets.server.user.CallerIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;
import org.springframework.web.client.HttpServerErrorException;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry's own logic, with Vault replaced by sessions that answer like Vault's database
 * engine: one lease per key, shared first reads, idle and explicit revocation, lease records.
 * Renewal and rotation against a real OpenBao are covered by IdleLeasesIT and DynamicSecretsIT.
 */
class LeaseRegistryTest {

    private static final Instant T = Instant.parse("2026-11-28T00:00:00Z");
    private static final String PATH = "database/creds/demo-app";
    private static final LeaseKey ALICE_DB = new LeaseKey("alice", "demo", "db");
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(T);
    private final AtomicLong versions = new AtomicLong(100);
    private final CallerVault callerVault = new CallerVault();
    private final ServerVault serverVault = new ServerVault();
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private volatile Predicate<LeaseKey> watched = key -> false;

    private final LeaseRegistry registry = new LeaseRegistry(unusedOperations(), serverVault,
            new LeaseRecords(serverVault, "secret", "virtualsecrets/leases", "replica-1"),
            new LeaseSchedule(Duration.ofSeconds(30), Duration.ofMinutes(1)), IDLE_TIMEOUT, clock,
            versions::incrementAndGet, () -> watched);

    private final LeaseRegistry.Observer observer = new LeaseRegistry.Observer() {
        @Override
        public void created(LeasedSecret secret, LeaseState state) {
            observed.add("created " + secret.key().name() + " " + state.leaseId());
        }

        @Override
        public void changed(LeasedSecret secret, LeaseState state, boolean rotated) {
            observed.add("changed " + secret.key().name() + " " + state.leaseId());
        }

        @Override
        public void ended(LeasedSecret secret, LeaseState last) {
            observed.add("ended " + secret.key().name() + " " + last.leaseId());
        }
    };

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    private LeasedSecret obtain(LeaseKey key) {
        return registry.obtain(key, spec(key));
    }

    private LeaseSpec spec(LeaseKey key) {
        return new LeaseSpec(CallerIdentity.of(key.owner(), List.of()), () -> LeaseRequest.read(PATH + "/" + key.name()),
                () -> callerVault, null, observer);
    }

    @Test
    void theFirstReadObtainsALeaseAndLaterReadsShareIt() {
        LeasedSecret first = obtain(ALICE_DB);
        LeasedSecret second = obtain(ALICE_DB);

        assertSame(first, second);
        assertEquals(1, callerVault.secretReads.get());
        assertEquals(PATH + "/db", first.path());
        assertEquals("lease-1", first.state().leaseId());
        assertEquals(Map.of("username", "v-demo-1", "password", "pw-1"), first.state().secrets());
        assertEquals(T.plus(Duration.ofHours(1)), first.state().expiresAt());
        assertEquals(List.of("created db lease-1"), observed);
        assertEquals(1, registry.size());
    }

    @Test
    void aLeaseIdIsRecordedInVaultUnderTheReplicaButNeverItsCredentials() {
        obtain(ALICE_DB);

        String record = "write secret/data/virtualsecrets/leases/replica-1/" + LeaseRecords.recordName("lease-1")
                + " {data={lease_id=lease-1}}";
        assertEquals(List.of(record), serverVault.calls);
        assertTrue(serverVault.calls.stream().noneMatch(call -> call.contains("pw-1")));
    }

    @Test
    void concurrentFirstReadsShareOneRequestToVault() throws Exception {
        callerVault.hold = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<LeasedSecret> first = pool.submit(() -> obtain(ALICE_DB));
            assertTrue(callerVault.reading.await(5, TimeUnit.SECONDS));
            List<Future<LeasedSecret>> others = List.of(pool.submit(() -> obtain(ALICE_DB)),
                    pool.submit(() -> obtain(ALICE_DB)));
            Thread.sleep(100);
            callerVault.hold.countDown();

            for (Future<LeasedSecret> other : others) {
                assertSame(first.get(), other.get());
            }
        }
        assertEquals(1, callerVault.secretReads.get());
        assertEquals(1, registry.size());
    }

    @Test
    void eachIdentityAndSecretHasItsOwnLease() {
        obtain(ALICE_DB);
        obtain(new LeaseKey("alice", "demo", "cache"));
        obtain(new LeaseKey("bob", "demo", "db"));
        obtain(new LeaseKey("alice", "other", "db"));

        assertEquals(4, callerVault.secretReads.get());
        assertEquals(List.of("cache", "db"), registry.held("alice", "demo").stream().map(s -> s.key().name()).toList());
        assertEquals(List.of("demo/cache", "demo/db", "other/db"), registry.held("alice", null).stream()
                .map(s -> s.key().namespace() + "/" + s.key().name()).toList());
        assertEquals(Optional.empty(), registry.find(new LeaseKey("carol", "demo", "db")));
    }

    @Test
    void aFailedFirstReadIsThrownAsItCameAndNothingIsHeld() {
        HttpServerErrorException sealed = HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE,
                "Service Unavailable", null, null, null);
        callerVault.failure = sealed;

        assertSame(sealed, assertThrows(HttpServerErrorException.class, () -> obtain(ALICE_DB)));
        assertEquals(0, registry.size());

        callerVault.failure = null;
        assertEquals("lease-2", obtain(ALICE_DB).state().leaseId());
    }

    @Test
    void revokingRevokesInVaultWithTheServersIdentityAndForgetsTheRecord() {
        LeaseState held = obtain(ALICE_DB).state();
        serverVault.calls.clear();

        assertEquals(Optional.of(held), registry.revoke(ALICE_DB));

        assertEquals(List.of("write sys/leases/revoke {lease_id=lease-1}",
                "delete secret/metadata/virtualsecrets/leases/replica-1/" + LeaseRecords.recordName("lease-1")),
                serverVault.calls);
        assertTrue(callerVault.calls.stream().noneMatch(call -> call.contains("revoke")));
        assertEquals(List.of("created db lease-1", "ended db lease-1"), observed);
        assertEquals(0, registry.size());
        assertEquals(Optional.empty(), registry.revoke(ALICE_DB));
    }

    @Test
    void aDeletedNamespaceLosesEveryIdentitysLeasesThereAndNoOthers() {
        obtain(ALICE_DB);
        obtain(new LeaseKey("bob", "demo", "db"));
        obtain(new LeaseKey("alice", "other", "db"));

        assertEquals(2, registry.revokeNamespace("demo"));

        assertEquals(List.of(), registry.held("alice", "demo"));
        assertEquals(List.of(), registry.held("bob", "demo"));
        assertEquals(1, registry.held("alice", "other").size());
        assertEquals(2, serverVault.calls.stream().filter(call -> call.startsWith("write sys/leases/revoke")).count());
    }

    @Test
    void aReadAfterRevocationObtainsANewLease() {
        obtain(ALICE_DB);
        registry.revoke(ALICE_DB);

        assertEquals("lease-2", obtain(ALICE_DB).state().leaseId());
        assertEquals(2, callerVault.secretReads.get());
    }

    @Test
    void aLeaseNobodyReadForTheIdleTimeoutIsRevoked() {
        obtain(ALICE_DB);

        clock.advance(IDLE_TIMEOUT);
        registry.revokeIdle();
        assertEquals(1, registry.size());

        clock.advance(Duration.ofSeconds(1));
        registry.revokeIdle();
        assertEquals(0, registry.size());
        assertEquals(List.of("created db lease-1", "ended db lease-1"), observed);
        assertTrue(serverVault.calls.contains("write sys/leases/revoke {lease_id=lease-1}"), serverVault.calls.toString());
    }

    @Test
    void aReadRestartsTheIdleTimeout() {
        obtain(ALICE_DB);
        clock.advance(Duration.ofMinutes(4));
        obtain(ALICE_DB);

        clock.advance(Duration.ofMinutes(2));
        registry.revokeIdle();

        assertEquals(1, registry.size());
        assertEquals(T.plus(Duration.ofMinutes(4)), registry.find(ALICE_DB).orElseThrow().lastAccess());
    }

    @Test
    void anIdleLeaseIsKeptWhileItsIdentityWatchesTheSecret() {
        obtain(ALICE_DB);
        obtain(new LeaseKey("alice", "demo", "cache"));
        watched = ALICE_DB::equals;

        clock.advance(IDLE_TIMEOUT.plusSeconds(1));
        registry.revokeIdle();

        assertEquals(List.of("db"), registry.held("alice", "demo").stream().map(s -> s.key().name()).toList());
    }

    @Test
    void closingRevokesEveryLease() {
        obtain(ALICE_DB);
        obtain(new LeaseKey("bob", "demo", "db"));

        registry.close();

        assertEquals(0, registry.size());
        assertEquals(2, serverVault.calls.stream().filter(call -> call.startsWith("write sys/leases/revoke")).count());
    }

    @Test
    void startingRevokesTheLeasesAnEarlierProcessOfTheReplicaLeftBehind() {
        serverVault.orphans.put("0a1b", "lease-of-a-killed-process");

        registry.start();

        assertEquals(List.of("list secret/metadata/virtualsecrets/leases/replica-1",
                "read secret/data/virtualsecrets/leases/replica-1/0a1b",
                "write sys/leases/revoke {lease_id=lease-of-a-killed-process}",
                "delete secret/metadata/virtualsecrets/leases/replica-1/0a1b"), serverVault.calls);
    }

    @Test
    void theLeasesOfAReplicaThatIsGoneAreRevokedByTheOneLiveReplicaAnsweringForIt() {
        serverVault.listings.put("secret/metadata/virtualsecrets/leases", List.of("replica-1/", "alive/", "gone/",
                "gone-too/"));
        serverVault.orphans.put("0a1b", "lease-of-a-killed-replica");

        assertEquals(1, registry.revokeDeparted(() -> Set.of("replica-1", "alive"), replica -> !replica.equals("gone-too")));

        assertEquals(List.of("list secret/metadata/virtualsecrets/leases",
                "list secret/metadata/virtualsecrets/leases/gone",
                "read secret/data/virtualsecrets/leases/gone/0a1b",
                "write sys/leases/revoke {lease_id=lease-of-a-killed-replica}",
                "delete secret/metadata/virtualsecrets/leases/gone/0a1b"), serverVault.calls,
                "live replicas keep theirs; gone-too is another live replica's to revoke");
        serverVault.calls.clear();
        assertEquals(0, registry.revokeDeparted(() -> {
            throw new IllegalStateException("kube-apiserver unreachable");
        }, replica -> true), "who is live is unknown: nothing is revoked");
        assertEquals(List.of("list secret/metadata/virtualsecrets/leases"), serverVault.calls);
    }

    @Test
    void aReleasedLeaseIsNeitherRevokedNorRecordedAndAnotherRegistryServesAndRecordsTheSameCredentials() {
        LeasedSecret held = obtain(ALICE_DB);
        clock.advance(Duration.ofMinutes(1));
        obtain(ALICE_DB);
        serverVault.calls.clear();

        HandedOverLease lease = registry.release(ALICE_DB).orElseThrow();

        assertEquals(0, registry.size());
        assertEquals(List.of("delete secret/metadata/virtualsecrets/leases/replica-1/" + LeaseRecords.recordName("lease-1")),
                serverVault.calls, "the record goes, the lease is not revoked");
        assertEquals("lease-1", lease.leaseId());
        assertEquals(PATH + "/db", lease.path());
        assertEquals(held.createdAt(), lease.createdAt());
        assertEquals(T.plus(Duration.ofMinutes(1)), lease.lastAccess());
        assertEquals(T.plus(Duration.ofDays(1)), lease.keepUntil(), "the creating token's expiry still bounds it");
        assertEquals(List.of("created db lease-1"), observed, "watchers here hear nothing");
        assertTrue(lease.toString().contains("<redacted>") && !lease.toString().contains("pw-1"));

        ServerVault otherServer = new ServerVault();
        try (LeaseRegistry other = new LeaseRegistry(unusedOperations(), otherServer,
                new LeaseRecords(otherServer, "secret", "virtualsecrets/leases", "replica-2"),
                new LeaseSchedule(Duration.ofSeconds(30), Duration.ofMinutes(1)), IDLE_TIMEOUT, clock,
                versions::incrementAndGet, () -> watched)) {
            assertTrue(other.adopt(ALICE_DB, spec(ALICE_DB), lease));
            LeasedSecret adopted = other.obtain(ALICE_DB, spec(ALICE_DB));
            assertEquals("lease-1", adopted.state().leaseId());
            assertEquals("pw-1", adopted.state().secrets().get("password"));
            assertEquals(held.createdAt(), adopted.createdAt());
            assertEquals(held.uid(), adopted.uid(), "the same object, wherever it is served");
            assertEquals(1, callerVault.secretReads.get(), "nothing was issued again");
            assertEquals(List.of("write secret/data/virtualsecrets/leases/replica-2/" + LeaseRecords.recordName("lease-1")
                    + " {data={lease_id=lease-1}}"), otherServer.calls);
            assertEquals(List.of("created db lease-1", "created db lease-1"), observed);

            assertFalse(other.adopt(ALICE_DB, spec(ALICE_DB), lease), "a key held already refuses another lease");
            assertFalse(other.adopt(new LeaseKey("alice", "demo", "elsewhere"), spec(new LeaseKey("alice", "demo",
                    "elsewhere")), lease), "a lease from another Vault path is refused");
        }
    }

    @Test
    void aLeaseNotHeldHereIsTakenOverFromThePreviousReplicaBeforeOneIsIssued() {
        LeasedSecret previous = obtain(ALICE_DB);
        HandedOverLease lease = registry.release(ALICE_DB).orElseThrow();
        List<String> asked = new CopyOnWriteArrayList<>();
        registry.takeOverFrom((caller, key) -> {
            asked.add(caller.user() + " " + key.name());
            return key.equals(ALICE_DB) ? Optional.of(lease) : Optional.empty();
        });

        assertEquals("lease-1", obtain(ALICE_DB).state().leaseId());
        assertEquals(previous.uid(), obtain(ALICE_DB).uid());
        assertEquals("lease-2", obtain(new LeaseKey("alice", "demo", "other")).state().leaseId());

        assertEquals(List.of("alice db", "alice other"), asked, "asked once per key, before issuing");
        assertEquals(2, callerVault.secretReads.get());
        assertEquals(Optional.empty(), registry.release(new LeaseKey("bob", "demo", "db")));
    }

    @Test
    void aReleasedLeaseNobodyTookIsRevokedWithTheServersIdentity() {
        obtain(ALICE_DB);
        HandedOverLease lease = registry.release(ALICE_DB).orElseThrow();
        serverVault.calls.clear();

        registry.revokeReleased(lease);

        assertEquals(List.of("write sys/leases/revoke {lease_id=lease-1}"), serverVault.calls);
    }

    /** Nothing may reach Vault except through the sessions: the container's own client must stay unused. */
    private static VaultOperations unusedOperations() {
        return (VaultOperations) Proxy.newProxyInstance(VaultOperations.class.getClassLoader(),
                new Class<?>[]{VaultOperations.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "unused VaultOperations" : null;
                    }
                    throw new AssertionError("VaultOperations." + method.getName() + " was called");
                });
    }

    /** A caller's Vault: one-hour database leases, a token valid for a day. */
    private final class CallerVault extends UnsupportedVaultSession {
        final AtomicInteger secretReads = new AtomicInteger();
        final CountDownLatch reading = new CountDownLatch(1);
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile CountDownLatch hold;
        volatile RuntimeException failure;

        @Override
        public VaultResponse read(String path) {
            calls.add("read " + path);
            if (path.equals("auth/token/lookup-self")) {
                return response(null, Map.of("ttl", 86_400));
            }
            int n = secretReads.incrementAndGet();
            reading.countDown();
            awaitRelease();
            if (failure != null) {
                throw failure;
            }
            VaultResponse response = response("lease-" + n, Map.of("username", "v-demo-" + n, "password", "pw-" + n));
            response.setLeaseDuration(3600);
            response.setRenewable(true);
            return response;
        }

        private void awaitRelease() {
            CountDownLatch latch = hold;
            if (latch != null) {
                try {
                    latch.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public VaultResponse write(String path, Map<String, ?> body) {
            calls.add("write " + path + " " + body);
            throw new UnsupportedOperationException("no renewal expected within a test");
        }
    }

    /** The server's Vault: lease records (KV v2) and revocations, recorded in order. */
    private static final class ServerVault extends UnsupportedVaultSession {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, String> orphans = new ConcurrentHashMap<>();
        final Map<String, List<String>> listings = new ConcurrentHashMap<>();

        @Override
        public VaultResponse read(String path) {
            calls.add("read " + path);
            String name = path.substring(path.lastIndexOf('/') + 1);
            return orphans.containsKey(name) ? response(null, Map.of("data", Map.of("lease_id", orphans.get(name))))
                    : null;
        }

        @Override
        public VaultResponse write(String path, Map<String, ?> body) {
            calls.add("write " + path + " " + body);
            return null;
        }

        @Override
        public List<String> list(String path) {
            calls.add("list " + path);
            return listings.containsKey(path) ? listings.get(path) : new ArrayList<>(orphans.keySet());
        }

        @Override
        public void delete(String path) {
            calls.add("delete " + path);
        }
    }

    private static VaultResponse response(String leaseId, Map<String, Object> data) {
        VaultResponse response = new VaultResponse();
        response.setLeaseId(leaseId);
        response.setData(data);
        return response;
    }
}
