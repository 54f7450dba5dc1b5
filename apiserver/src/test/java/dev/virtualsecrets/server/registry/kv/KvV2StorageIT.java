package dev.virtualsecrets.server.registry.kv;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.audit.VaultRequestIds;
import dev.virtualsecrets.server.meta.CreateOptions;
import dev.virtualsecrets.server.meta.DeleteOptions;
import dev.virtualsecrets.server.meta.FieldValidation;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.meta.UpdateOptions;
import dev.virtualsecrets.server.registry.rest.PagedLister;
import dev.virtualsecrets.server.testsupport.OpenBaoDevServer;
import dev.virtualsecrets.server.testsupport.OpenBaoExtension;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.TokenVaultSession;
import dev.virtualsecrets.server.vault.VaultClients;
import dev.virtualsecrets.server.vault.VaultHealth;
import dev.virtualsecrets.server.vault.VaultSessions;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchHub;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.Policy;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultTokenRequest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(OpenBaoExtension.class)
class KvV2StorageIT {

    private static final CallerIdentity ALICE = CallerIdentity.of("alice", List.of("system:authenticated"));
    private static final String SECRET_VALUE = "correct-horse-battery-staple";

    private final OpenBaoDevServer bao;
    private final VaultTemplate root;
    private final ResourceVersionClock clock = new ResourceVersionClock(Clock.systemUTC());
    private final KvV2Storage storage;
    private String namespace;

    KvV2StorageIT(OpenBaoDevServer bao) {
        this.bao = bao;
        this.root = bao.template();
        this.storage = new KvV2Storage(new KvV2Source("secret", "kubernetes/{namespace}/{name}"),
                sessions(bao.settings(), bao.rootToken()), clock, new WatchHub(clock, 100, 100));
    }

    @BeforeEach
    void freshNamespace() {
        namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createGetAndList() {
        VirtualSecret created = storage.create(ALICE, secret("db", Map.of("password", SECRET_VALUE)), CreateOptions.DEFAULT);
        assertEquals(1L, created.getStatus().getVersion());
        assertEquals("kv-v2", created.getSpec().getSource().getEngine());
        assertEquals("secret/kubernetes/" + namespace + "/db", created.getSpec().getSource().getPath());
        assertEquals("Opaque", created.getType());

        VirtualSecret read = storage.get(ALICE, namespace, "db", GetOptions.NONE);
        assertEquals(created, read);
        assertArrayEquals(SECRET_VALUE.getBytes(StandardCharsets.UTF_8), read.getData().get("password"));
        assertEquals(0, read.getMetadata().getCreationTimestamp().getNano());
        assertTrue(clock.current() >= Long.parseLong(read.getMetadata().getResourceVersion()));

        VaultResponse inVault = root.read("secret/data/kubernetes/" + namespace + "/db");
        assertEquals(SECRET_VALUE, ((Map<?, ?>) inVault.getRequiredData().get("data")).get("password"));

        storage.create(ALICE, secret("other", Map.of("k", "v")), CreateOptions.DEFAULT);
        assertEquals(List.of("db", "other"),
                storage.list(ALICE, namespace, ListOptions.everything()).stream().map(s -> s.getMetadata().getName()).toList());
        assertEquals(List.of(), storage.list(ALICE, "empty-" + namespace, ListOptions.everything()));

        String secondNamespace = namespace + "-b";
        VirtualSecret elsewhere = secret("db", Map.of("k", "v"));
        elsewhere.getMetadata().setNamespace(secondNamespace);
        storage.create(ALICE, elsewhere, CreateOptions.DEFAULT);
        List<String> all = storage.list(ALICE, null, ListOptions.everything()).stream()
                .map(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()).toList();
        assertTrue(all.containsAll(List.of(namespace + "/db", namespace + "/other", secondNamespace + "/db")), all.toString());
    }

    @Test
    void aPageReadsItsWindowInKeyOrderAndCountsTheKeysAfterIt() {
        for (String name : List.of("e", "a", "c", "b", "d")) {
            storage.create(ALICE, secret(name, Map.of("k", "v")), CreateOptions.DEFAULT);
        }
        PagedLister.Page<VirtualSecret> first = storage.listPage(ALICE, namespace, new PagedLister.Window(null, 2),
                secret -> true);
        assertEquals(List.of("a", "b", "c"), first.items().stream().map(s -> s.getMetadata().getName()).toList(),
                "two and one more, to know that more follow");
        assertEquals(2, first.keysAfter());

        PagedLister.Page<V1ObjectMeta> rest = storage.listMetadataPage(ALICE, namespace,
                new PagedLister.Window(namespace + "/b\u0000", 5), metadata -> !metadata.getName().equals("d"));
        assertEquals(List.of("c", "e"), rest.items().stream().map(V1ObjectMeta::getName).toList());
        assertEquals(0, rest.keysAfter());

        PagedLister.Page<VirtualSecret> acrossNamespaces = storage.listPage(ALICE, null,
                new PagedLister.Window(namespace + "/d", 1), secret -> secret.getMetadata().getNamespace().equals(namespace));
        assertEquals(List.of("d", "e"), acrossNamespaces.items().stream().map(s -> s.getMetadata().getName()).toList());
    }

    @Test
    void createTwiceIsAlreadyExists() {
        storage.create(ALICE, secret("twice", Map.of("k", "v")), CreateOptions.DEFAULT);
        ApiException e = assertThrows(ApiException.class,
                () -> storage.create(ALICE, secret("twice", Map.of("k", "v2")), CreateOptions.DEFAULT));
        assertEquals(409, e.code());
        assertEquals("AlreadyExists", e.reason());
    }

    @Test
    void anUpdateThatChangesNothingWritesNothing() {
        VirtualSecret created = storage.create(ALICE, secret("steady", Map.of("k", "v1")), CreateOptions.DEFAULT);

        VirtualSecret same = storage.update(ALICE, secret("steady", Map.of("k", "v1")), UpdateOptions.DEFAULT);

        assertEquals(created.getMetadata().getResourceVersion(), same.getMetadata().getResourceVersion());
        assertEquals(1L, same.getStatus().getVersion(), "no new KV version");
        assertEquals(1, root.read("secret/metadata/kubernetes/" + namespace + "/steady").getRequiredData()
                .get("current_version"));
        VirtualSecret changed = storage.update(ALICE, secret("steady", Map.of("k", "v2")), UpdateOptions.DEFAULT);
        assertEquals(2L, changed.getStatus().getVersion());
    }

    @Test
    void updateWithFreshAndStaleResourceVersion() {
        VirtualSecret created = storage.create(ALICE, secret("rotating", Map.of("k", "v1")), CreateOptions.DEFAULT);
        VirtualSecret change = secret("rotating", Map.of("k", "v2"));
        change.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
        VirtualSecret updated = storage.update(ALICE, change, UpdateOptions.DEFAULT);
        assertEquals(2L, updated.getStatus().getVersion());
        assertEquals(created.getMetadata().getUid(), updated.getMetadata().getUid());
        assertNotEquals(created.getMetadata().getResourceVersion(), updated.getMetadata().getResourceVersion());
        assertArrayEquals("v2".getBytes(StandardCharsets.UTF_8), storage.get(ALICE, namespace, "rotating", GetOptions.NONE).getData().get("k"));

        VirtualSecret stale = secret("rotating", Map.of("k", "v3"));
        stale.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
        ApiException e = assertThrows(ApiException.class, () -> storage.update(ALICE, stale, UpdateOptions.DEFAULT));
        assertEquals(409, e.code());
        assertEquals("Conflict", e.reason());
        assertEquals(2L, storage.get(ALICE, namespace, "rotating", GetOptions.NONE).getStatus().getVersion());

        ApiException absent = assertThrows(ApiException.class,
                () -> storage.update(ALICE, secret("absent", Map.of("k", "v")), UpdateOptions.DEFAULT));
        assertEquals(404, absent.code());
    }

    @Test
    void deleteThenGetIsNotFound() {
        VirtualSecret created = storage.create(ALICE, secret("gone", Map.of("k", "v")), CreateOptions.DEFAULT);
        ApiException stale = assertThrows(ApiException.class,
                () -> storage.delete(ALICE, namespace, "gone", new DeleteOptions(null, "12345", null, false)));
        assertEquals(409, stale.code());

        VirtualSecret deleted = storage.delete(ALICE, namespace, "gone", new DeleteOptions(null, created.getMetadata().getResourceVersion(), null, false));
        assertEquals(created, deleted);
        assertNull(root.read("secret/metadata/kubernetes/" + namespace + "/gone"), "all versions are gone");
        assertEquals(404, assertThrows(ApiException.class, () -> storage.get(ALICE, namespace, "gone", GetOptions.NONE)).code());
        assertEquals(404, assertThrows(ApiException.class,
                () -> storage.delete(ALICE, namespace, "gone", new DeleteOptions(null, null, null, false))).code());

        VirtualSecret recreated = storage.create(ALICE, secret("gone", Map.of("k", "v")), CreateOptions.DEFAULT);
        assertNotEquals(created.getMetadata().getUid(), recreated.getMetadata().getUid());
    }

    @Test
    void softDeletedCurrentVersionCountsAsAbsent() {
        storage.create(ALICE, secret("soft", Map.of("k", "v")), CreateOptions.DEFAULT);
        root.delete("secret/data/kubernetes/" + namespace + "/soft");
        assertEquals(404, assertThrows(ApiException.class, () -> storage.get(ALICE, namespace, "soft", GetOptions.NONE)).code());
        assertEquals(List.of(), storage.list(ALICE, namespace, ListOptions.everything()));
        VirtualSecret again = storage.create(ALICE, secret("soft", Map.of("k", "again")), CreateOptions.DEFAULT);
        assertEquals(2L, again.getStatus().getVersion());
    }

    @Test
    void dryRunWritesNothing() {
        VirtualSecret result = storage.create(ALICE, secret("dry", Map.of("k", "v")), new CreateOptions(true, null, FieldValidation.WARN));
        assertEquals("dry", result.getMetadata().getName());
        assertNull(root.read("secret/metadata/kubernetes/" + namespace + "/dry"));

        VirtualSecret created = storage.create(ALICE, secret("dry", Map.of("k", "v")), CreateOptions.DEFAULT);
        storage.update(ALICE, secret("dry", Map.of("k", "changed")), new UpdateOptions(true, null, FieldValidation.WARN));
        storage.delete(ALICE, namespace, "dry", new DeleteOptions(null, null, null, true));
        VirtualSecret after = storage.get(ALICE, namespace, "dry", GetOptions.NONE);
        assertEquals(created, after);
    }

    @Test
    void labelsAndAnnotationsLiveInCustomMetadata() {
        VirtualSecret secret = secret("labelled", Map.of("k", "v"));
        secret.getMetadata().labels(Map.of("app", "payments", "app.kubernetes.io/part-of", "shop"))
                .annotations(Map.of("example.com/owner", "team-a", "note", "two\nlines",
                        "kubectl.kubernetes.io/last-applied-configuration",
                        "{\"data\":{\"k\":\"" + SECRET_VALUE + "\"},\"metadata\":{\"name\":\"labelled\"}}\n"));
        secret.setType("example.com/custom");
        storage.create(ALICE, secret, CreateOptions.DEFAULT);

        VirtualSecret read = storage.get(ALICE, namespace, "labelled", GetOptions.NONE);
        assertEquals("example.com/custom", read.getType());
        assertEquals(Map.of("app", "payments", "app.kubernetes.io/part-of", "shop"), read.getMetadata().getLabels());
        assertEquals("team-a", read.getMetadata().getAnnotations().get("example.com/owner"));
        assertEquals("two\nlines", read.getMetadata().getAnnotations().get("note"));
        assertEquals("{\"data\":{\"k\":\"\"},\"metadata\":{\"name\":\"labelled\"}}",
                read.getMetadata().getAnnotations().get("kubectl.kubernetes.io/last-applied-configuration"));

        Map<?, ?> custom = (Map<?, ?>) root.read("secret/metadata/kubernetes/" + namespace + "/labelled")
                .getRequiredData().get("custom_metadata");
        assertEquals("payments", custom.get("label/app"));
        assertEquals("team-a", custom.get("annotation/example.com/owner"));
        assertEquals("example.com/custom", custom.get("type"));
        assertFalse(custom.toString().contains(SECRET_VALUE));
    }

    @Test
    void invalidInputIsRejectedBeforeAnyWrite() {
        VirtualSecret tooMany = secret("limits", Map.of("k", "v"));
        Map<String, String> labels = new java.util.HashMap<>();
        for (int i = 0; i < 70; i++) {
            labels.put("l" + i, "v");
        }
        tooMany.getMetadata().setLabels(labels);
        ApiException e = assertThrows(ApiException.class, () -> storage.create(ALICE, tooMany, CreateOptions.DEFAULT));
        assertEquals(422, e.code());
        assertNull(root.read("secret/metadata/kubernetes/" + namespace + "/limits"));

        ApiException badName = assertThrows(ApiException.class,
                () -> storage.create(ALICE, secret("../escape", Map.of("k", "v")), CreateOptions.DEFAULT));
        assertEquals(422, badName.code());
        assertEquals("Invalid", badName.reason());
        assertEquals(404, assertThrows(ApiException.class, () -> storage.get(ALICE, namespace, "../x", GetOptions.NONE)).code());
    }

    @Test
    void binaryDataRoundTrips() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        VirtualSecret secret = secret("binary", Map.of());
        secret.putDataItem("blob", binary);
        storage.create(ALICE, secret, CreateOptions.DEFAULT);
        assertArrayEquals(binary, storage.get(ALICE, namespace, "binary", GetOptions.NONE).getData().get("blob"));
        Object stored = ((Map<?, ?>) root.read("secret/data/kubernetes/" + namespace + "/binary")
                .getRequiredData().get("data")).get("blob");
        assertTrue(stored.toString().startsWith("base64:"));
    }

    @Test
    void vaultPolicyDenialIsForbiddenWithoutSecrets() {
        storage.create(ALICE, secret("guarded", Map.of("k", SECRET_VALUE)), CreateOptions.DEFAULT);
        KvV2Storage denied = new KvV2Storage(new KvV2Source("secret", "kubernetes/{namespace}/{name}"),
                sessions(bao.settings(), "not-a-valid-token"), clock,
                new WatchHub(clock, 100, 100));
        ApiException e = assertThrows(ApiException.class, () -> denied.get(ALICE, namespace, "guarded", GetOptions.NONE));
        assertEquals(403, e.code());
        assertTrue(e.getMessage().contains("Vault denied the request"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET_VALUE) || e.getMessage().contains(bao.rootToken()));
    }

    @Test
    void listAndWatchVisibilityFollowTheCallersVaultPolicy() {
        storage.create(ALICE, secret("visible", Map.of("k", SECRET_VALUE)), CreateOptions.DEFAULT);
        storage.create(ALICE, secret("hidden", Map.of("k", SECRET_VALUE)), CreateOptions.DEFAULT);
        String policy = "reader-" + namespace;
        root.opsForSys().createOrUpdatePolicy(policy, Policy.of(
                Policy.Rule.builder().path("secret/metadata/kubernetes/" + namespace).capabilities(Policy.BuiltinCapabilities.LIST).build(),
                Policy.Rule.builder().path("secret/metadata/kubernetes/" + namespace + "/visible")
                        .capabilities(Policy.BuiltinCapabilities.READ).build(),
                Policy.Rule.builder().path("secret/data/kubernetes/" + namespace + "/visible")
                        .capabilities(Policy.BuiltinCapabilities.READ).build()));
        String token = root.opsForToken().create(VaultTokenRequest.builder().withPolicy(policy).build())
                .getToken().getToken();
        KvV2Storage asReader = new KvV2Storage(new KvV2Source("secret", "kubernetes/{namespace}/{name}"),
                sessions(bao.settings(), token), clock,
                new WatchHub(clock, 100, 100));

        assertEquals(List.of("visible"), asReader.list(ALICE, namespace, ListOptions.everything()).stream().map(s -> s.getMetadata().getName()).toList());
        assertTrue(asReader.visibleTo(ALICE, namespace, "visible"));
        assertFalse(asReader.visibleTo(ALICE, namespace, "hidden"));
        ApiException denied = assertThrows(ApiException.class, () -> asReader.get(ALICE, namespace, "hidden", GetOptions.NONE));
        assertEquals(403, denied.code());
        ApiException otherNamespace = assertThrows(ApiException.class, () -> asReader.list(ALICE, namespace + "-x", ListOptions.everything()));
        assertEquals(403, otherNamespace.code());
    }

    @Test
    void stoppedVaultIsServiceUnavailableWithoutValues() {
        try (OpenBaoDevServer shortLived = OpenBaoDevServer.start("openbao-short-lived")) {
            KvV2Storage storageOfShortLived = new KvV2Storage(new KvV2Source("secret", "kubernetes/{namespace}/{name}"),
                    sessions(shortLived.settings(), shortLived.rootToken()), clock,
                new WatchHub(clock, 100, 100));
            storageOfShortLived.create(ALICE, secret("db", Map.of("password", SECRET_VALUE)), CreateOptions.DEFAULT);
            VaultHealth health = new VaultHealth(shortLived.settings());
            assertTrue(health.check().ready());
            assertEquals("2.7.2", health.check().version());

            shortLived.template().opsForSys().seal();
            assertFalse(health.check().ready());
            assertTrue(health.check().sealed());
            ApiException sealed = assertThrows(ApiException.class, () -> storageOfShortLived.get(ALICE, namespace, "db", GetOptions.NONE));
            assertEquals(503, sealed.code());

            shortLived.close();
            assertFalse(health.check().reachable());
            for (Runnable call : List.<Runnable>of(
                    () -> storageOfShortLived.get(ALICE, namespace, "db", GetOptions.NONE),
                    () -> storageOfShortLived.list(ALICE, null, ListOptions.everything()),
                    () -> storageOfShortLived.create(ALICE, secret("new", Map.of("password", SECRET_VALUE)), CreateOptions.DEFAULT))) {
                ApiException e = assertThrows(ApiException.class, call::run);
                assertEquals(503, e.code());
                assertEquals("ServiceUnavailable", e.reason());
                assertEquals(1, e.status().details().retryAfterSeconds());
                assertFalse(e.getMessage().contains(SECRET_VALUE));
            }
        }
    }

    private VirtualSecret secret(String name, Map<String, String> data) {
        VirtualSecret secret = new VirtualSecret().metadata(new V1ObjectMeta().name(name).namespace(namespace));
        data.forEach((key, value) -> secret.putDataItem(key, value.getBytes(StandardCharsets.UTF_8)));
        return secret;
    }

    /** Every caller reaches Vault with {@code token} (identity mode server). */
    private static VaultSessions sessions(VaultClients.Settings settings, String token) {
        VaultTemplate sessionless = VaultClients.sessionless(settings);
        return caller -> new TokenVaultSession(sessionless, () -> token, VaultRequestIds.current()::record);
    }
}
