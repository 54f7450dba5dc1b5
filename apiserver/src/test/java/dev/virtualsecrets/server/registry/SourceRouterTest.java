package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.server.registry.dynamic.DatabaseSource;
import dev.virtualsecrets.server.registry.dynamic.DynamicSecretStorage;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.lease.LeaseRecords;
import dev.virtualsecrets.server.vault.lease.LeaseRegistry;
import dev.virtualsecrets.server.vault.lease.LeaseSchedule;
import dev.virtualsecrets.server.testsupport.UnsupportedStorage;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchHub;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing by name, without Vault: nothing here issues a lease (the registry holds none). */
class SourceRouterTest {

    private static final CallerIdentity ALICE = CallerIdentity.of("alice", List.of("dev"));

    private final ResourceVersionClock versions = new ResourceVersionClock(Clock.systemUTC());
    private final WatchHub hub = new WatchHub(versions, 10, 10);
    private final LeaseRegistry leases = new LeaseRegistry(null, null,
            new LeaseRecords(null, "secret", "virtualsecrets/leases", "test"),
            new LeaseSchedule(Duration.ofSeconds(5), Duration.ofSeconds(5)), Duration.ofMinutes(10), Clock.systemUTC(),
            versions::next, () -> key -> false);
    private final DynamicSecretStorage database = new DynamicSecretStorage(
            new DatabaseSource("database", "db-{suffix}", "{namespace}-{suffix}", Map.of()), leases, null, hub, versions);

    /** KV holds a secret named like a database secret (written straight in Vault) and a plain one. */
    private final UnsupportedStorage kv = new UnsupportedStorage() {
        @Override
        public List<VirtualSecret> list(CallerIdentity caller, String namespace) {
            return List.of(secret("db-old"), secret("api-key"));
        }

        @Override
        public VirtualSecret create(CallerIdentity caller, VirtualSecret secret, boolean dryRun) {
            return secret;
        }

        @Override
        public Map<String, Long> resourceVersions(CallerIdentity caller, String namespace, String name) {
            return Map.of("demo/db-old", 1L, "demo/api-key", 2L);
        }
    };

    private final SourceRouter router = new SourceRouter(kv, List.of(database));

    @AfterEach
    void stop() {
        leases.close();
    }

    private static VirtualSecret secret(String name) {
        return new VirtualSecret().metadata(new V1ObjectMeta().namespace("demo").name(name));
    }

    @Test
    void aKvSecretNamedLikeADynamicOneIsShadowed() {
        assertEquals(List.of("api-key"),
                router.list(ALICE, "demo").stream().map(s -> s.getMetadata().getName()).toList());
    }

    @Test
    void kvPollingSeesNeitherShadowedSecretsNorDynamicOnes() {
        assertEquals(Map.of("demo/api-key", 2L), router.resourceVersions(ALICE, "demo", null));
        assertEquals(Map.of(), router.resourceVersions(ALICE, "demo", "db-app"), "no Vault read for a dynamic name");
    }

    @Test
    void dynamicNamesAreNotWritableAndAnnounceTheirOwnChanges() {
        ApiException refused = assertThrows(ApiException.class, () -> router.requireWritable("demo", "db-app"));
        assertEquals(405, refused.code());
        assertTrue(refused.getMessage().contains("database secrets engine"), refused.getMessage());
        assertEquals(405, assertThrows(ApiException.class,
                () -> router.create(ALICE, secret("db-app"), false)).code());
        assertTrue(router.announcesChanges("db-app"));

        assertDoesNotThrow(() -> router.requireWritable("demo", "api-key"));
        assertEquals("api-key", router.create(ALICE, secret("api-key"), false).getMetadata().getName());
        assertFalse(router.announcesChanges("api-key"));
    }

    @Test
    void deletingADynamicSecretTheCallerDoesNotHoldIsNotFound() {
        assertEquals(404, assertThrows(ApiException.class,
                () -> router.delete(ALICE, "demo", "db-app", null, false)).code());
    }
}
