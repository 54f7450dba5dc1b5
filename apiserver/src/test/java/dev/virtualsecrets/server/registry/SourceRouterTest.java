package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.meta.CreateOptions;
import dev.virtualsecrets.server.meta.DeleteOptions;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.registry.dynamic.DatabaseSource;
import dev.virtualsecrets.server.registry.dynamic.DynamicSecretStorage;
import dev.virtualsecrets.server.registry.rest.Creater;
import dev.virtualsecrets.server.registry.rest.Deleter;
import dev.virtualsecrets.server.registry.rest.Lister;
import dev.virtualsecrets.server.registry.rest.Watcher;
import dev.virtualsecrets.server.selector.FieldSelector;
import dev.virtualsecrets.server.selector.LabelSelector;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.lease.LeaseRecords;
import dev.virtualsecrets.server.vault.lease.LeaseRegistry;
import dev.virtualsecrets.server.vault.lease.LeaseSchedule;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchHub;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
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
    private final FakeKv kv = new FakeKv();

    private final SourceRouter router = new SourceRouter(kv, List.of(database));

    @AfterEach
    void stop() {
        leases.close();
    }

    private static VirtualSecret secret(String name) {
        return new VirtualSecret().metadata(new V1ObjectMeta().namespace("demo").name(name));
    }

    @Test
    void eachNameGoesToTheSourceThatServesIt() {
        assertSame(database, router.storageFor("db-app"));
        assertSame(kv, router.storageFor("api-key"));
        assertTrue(router.shadows("db-app"));
        assertFalse(router.shadows("api-key"));
    }

    @Test
    void aKvSecretNamedLikeADynamicOneIsShadowed() {
        assertEquals(List.of("api-key"), router.list(ALICE, "demo", ListOptions.everything()).stream()
                .map(s -> s.getMetadata().getName()).toList());
    }

    @Test
    void aListOfOneNameAsksOnlyTheSourceOfThatName() {
        ListOptions apiKey = new ListOptions(LabelSelector.everything(), FieldSelector.parse("metadata.name=api-key"),
                null, null, null, null, null, false, null);
        assertEquals(List.of("db-old", "api-key"), router.list(ALICE, "demo", apiKey).stream()
                .map(s -> s.getMetadata().getName()).toList(), "the KV fake ignores the selector: the handler filters");
    }

    @Test
    void dynamicSecretsCanBeReadListedWatchedAndDeletedNotWritten() {
        assertEquals(Set.of("delete", "get", "list", "watch"), SourceRouter.verbsOf(database));
        assertFalse(router.storageFor("db-app") instanceof Creater);
        assertTrue(database.refusal("db-app").contains("database secrets engine"), database.refusal("db-app"));
        assertEquals(Set.of("create", "list", "watch"), SourceRouter.verbsOf(kv));
        assertEquals(Set.of("create", "delete", "get", "list", "watch"), router.verbs(), "discovery lists the union");
    }

    @Test
    void deletingADynamicSecretTheCallerDoesNotHoldIsNotFound() {
        Deleter deleter = assertInstanceOf(Deleter.class, router.storageFor("db-app"));
        assertEquals(404, assertThrows(ApiException.class,
                () -> deleter.delete(ALICE, "demo", "db-app", DeleteOptions.NONE)).code());
    }

    @Test
    void aWatcherSeesWhatTheSourceOfTheNameLetsItSee() {
        assertTrue(router.visibleTo(ALICE, "demo", "api-key"));
        assertFalse(router.visibleTo(ALICE, "demo", "hidden"));
        assertTrue(router.visibleTo(ALICE, "demo", "db-app"), "lease events carry their own audience");
    }

    /** A KV storage that can list, create and be watched; "hidden" is invisible to everyone. */
    private static final class FakeKv implements Lister, Creater, Watcher {
        @Override
        public String engine() {
            return "kv-v2";
        }

        @Override
        public List<VirtualSecret> list(CallerIdentity caller, String namespace, ListOptions options) {
            return List.of(secret("db-old"), secret("api-key"));
        }

        @Override
        public VirtualSecret create(CallerIdentity caller, VirtualSecret secret, CreateOptions options) {
            return secret;
        }

        @Override
        public boolean visibleTo(CallerIdentity caller, String namespace, String name) {
            return !name.equals("hidden");
        }
    }
}
