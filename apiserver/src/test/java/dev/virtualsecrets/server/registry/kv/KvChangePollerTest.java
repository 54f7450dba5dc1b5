package dev.virtualsecrets.server.registry.kv;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.testsupport.MutableClock;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchEvent;
import dev.virtualsecrets.server.watch.WatchFilter;
import dev.virtualsecrets.server.watch.WatchHub;
import dev.virtualsecrets.server.watch.WatchSubscription;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.virtualsecrets.server.registry.rest.VirtualSecretResource.GROUP_RESOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class KvChangePollerTest {

    private static final CallerIdentity BOB = CallerIdentity.of("bob", List.of("viewers"));
    private static final long T = 1_795_000_000_000_000L;

    private final MutableClock time = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));
    private final ResourceVersionClock clock = new ResourceVersionClock(time);
    private final WatchHub hub = new WatchHub(clock, 100, 100);
    private final InMemoryKv kv = new InMemoryKv();
    private final KvChangePoller poller = new KvChangePoller(kv, name -> name.startsWith("db-"), hub, clock,
            Duration.ofSeconds(5));

    @Test
    void nothingIsPolledWithoutWatchers() {
        kv.put("demo", "db", T);
        poller.pollOnce();
        kv.put("demo", "db", T + 1);
        poller.pollOnce();

        assertEquals(List.of(), kv.polledBy);
    }

    @Test
    void aWatchedNamespaceIsPolledAsItsWatcherAndChangesArePublished() throws Exception {
        kv.put("demo", "db", T);
        WatchSubscription watch = hub.subscribe(WatchFilter.of("demo", everything(), noFields()), 0, BOB);
        poller.pollOnce();
        assertNull(watch.poll(Duration.ZERO), "the first round only takes note");

        kv.put("demo", "db", T + 10);
        kv.put("demo", "new", T + 11);
        poller.pollOnce();
        kv.remove("demo", "db");
        poller.pollOnce();

        assertEquals(List.of("MODIFIED demo/db " + (T + 10), "ADDED demo/new " + (T + 11), "DELETED demo/db"),
                drain(watch));
        assertEquals(BOB, kv.polledBy.getFirst());
    }

    @Test
    void whatOnlyKubernetesControllersWatchIsAnnouncedToThemFromMetadataWithoutReadingAValue() throws Exception {
        kv.put("demo", "db", T);
        WatchSubscription controllers = hub.subscribe(WatchFilter.of(null, everything(), noFields()), 0,
                CallerIdentity.SERVER);
        WatchSubscription bobElsewhere = hub.subscribe(WatchFilter.of("other", everything(), noFields()), 0, BOB);
        poller.pollOnce();

        kv.put("demo", "db", T + 10);
        kv.put("other", "cfg", T + 11);
        poller.pollOnce();

        assertEquals(List.of("ADDED other/cfg " + (T + 11), "MODIFIED demo/db " + (T + 10)), drain(controllers),
                "bob's scope is polled first; its full event reaches the controllers too");
        assertEquals(List.of("ADDED other/cfg " + (T + 11)), drain(bobElsewhere), "bob gets nothing of demo");
        assertEquals(List.of(BOB), kv.valuesReadBy, "values are read only as bob, for bob's scope");
        assertEquals(java.util.Optional.empty(), hub.lastEvent("demo", "db"),
                "a controllers-only announcement does not count as announced to callers");
    }

    @Test
    void changesTheApiAlreadyPublishedAreNotAnnouncedAgain() throws Exception {
        kv.put("demo", "db", T);
        WatchSubscription watch = hub.subscribe(WatchFilter.of("demo", everything(), noFields()), 0, BOB);
        poller.pollOnce();

        kv.put("demo", "db", T + 10);
        hub.publish(new WatchEvent(WatchEvent.Type.MODIFIED, T + 10, kv.object("demo", "db")));
        poller.pollOnce();

        assertEquals(List.of("MODIFIED demo/db " + (T + 10)), drain(watch));
    }

    @Test
    void scopesNoLongerWatchedAreForgotten() throws Exception {
        kv.put("demo", "db", T);
        WatchSubscription first = hub.subscribe(WatchFilter.of("demo", everything(), noFields()), 0, BOB);
        poller.pollOnce();
        first.close();
        kv.put("demo", "db", T + 10);
        poller.pollOnce();

        WatchSubscription second = hub.subscribe(WatchFilter.of("demo", everything(), noFields()), 0, BOB);
        poller.pollOnce();
        assertNull(second.poll(Duration.ZERO), "a new round of note-taking, not a stale comparison");
    }

    @Test
    void aChangeMadeAfterTheWatchOpenedButBeforeTheScopesFirstRoundIsDelivered() throws Exception {
        kv.put("demo", "old", T);
        WatchSubscription watch = hub.subscribe(WatchFilter.of("demo", everything(), noFields()), 0, BOB);
        long opened = clock.current();
        kv.put("demo", "db", opened + 10);

        poller.pollOnce();

        assertEquals(List.of("MODIFIED demo/db " + (opened + 10)), drain(watch),
                "newer than the watch's start: announced in the very first round; older: taken note of");
    }

    @Test
    void aWatchResumingFromBeforeAChangeNobodyWatchedGetsIt() throws Exception {
        WatchSubscription first = hub.subscribe(WatchFilter.of("demo", everything(), noFields()), 0, BOB);
        long lastSeen = clock.current();
        poller.pollOnce();
        first.close();
        poller.pollOnce();
        time.advance(Duration.ofSeconds(1));
        kv.put("demo", "db", lastSeen + 500_000); // while no watch covered the namespace

        WatchSubscription resumed = hub.subscribe(WatchFilter.of("demo", everything(), noFields()), lastSeen, BOB);
        poller.pollOnce();

        assertEquals(List.of("MODIFIED demo/db " + (lastSeen + 500_000)), drain(resumed));
    }

    @Test
    void aChangeMadeWhileVaultRefusedTheFirstRoundsIsDeliveredWhenItAnswers() throws Exception {
        WatchSubscription watch = hub.subscribe(WatchFilter.of("demo", everything(), noFields()), 0, BOB);
        long opened = clock.current();
        kv.unavailable = true;
        poller.pollOnce();
        kv.put("demo", "db", opened + 10);
        poller.pollOnce();
        kv.unavailable = false;

        poller.pollOnce();

        assertEquals(List.of("MODIFIED demo/db " + (opened + 10)), drain(watch));
    }

    @Test
    void secretsAnotherSourceServesAreNeitherPolledNorAnnounced() throws Exception {
        kv.put("demo", "db-app", T);
        kv.put("demo", "api-key", T);
        WatchSubscription namespace = hub.subscribe(WatchFilter.of("demo", everything(), noFields()), 0, BOB);
        poller.pollOnce();
        kv.put("demo", "db-app", T + 10);
        kv.put("demo", "api-key", T + 11);
        poller.pollOnce();
        assertEquals(List.of("MODIFIED demo/api-key " + (T + 11)), drain(namespace));
        namespace.close();

        int polls = kv.polledBy.size();
        WatchSubscription one = hub.subscribe(WatchFilter.of("demo", everything(),
                dev.virtualsecrets.server.selector.FieldSelector.parse("metadata.name=db-app")), 0, BOB);
        poller.pollOnce();
        assertEquals(polls, kv.polledBy.size(), "no Vault read for a name a dynamic source serves");
        one.close();
    }

    private static List<String> drain(WatchSubscription watch) throws InterruptedException {
        List<String> events = new ArrayList<>();
        for (WatchEvent event = watch.poll(Duration.ZERO); event != null; event = watch.poll(Duration.ZERO)) {
            V1ObjectMeta metadata = event.object().getMetadata();
            events.add(event.type() + " " + metadata.getNamespace() + "/" + metadata.getName()
                    + (event.type() == WatchEvent.Type.DELETED ? "" : " " + event.resourceVersion()));
        }
        return events;
    }

    private static dev.virtualsecrets.server.selector.LabelSelector everything() {
        return dev.virtualsecrets.server.selector.LabelSelector.everything();
    }

    private static dev.virtualsecrets.server.selector.FieldSelector noFields() {
        return dev.virtualsecrets.server.selector.FieldSelector.everything();
    }

    /** KV as the poller sees it: object → resourceVersion; records who polled. */
    private static final class InMemoryKv implements KvVersions {
        final Map<String, Long> versions = new TreeMap<>();
        final List<CallerIdentity> polledBy = new ArrayList<>();
        final List<CallerIdentity> valuesReadBy = new ArrayList<>();
        boolean unavailable;

        void put(String namespace, String name, long version) {
            versions.put(namespace + "/" + name, version);
        }

        void remove(String namespace, String name) {
            versions.remove(namespace + "/" + name);
        }

        VirtualSecret object(String namespace, String name) {
            return new VirtualSecret().metadata(new V1ObjectMeta().namespace(namespace).name(name)
                    .resourceVersion(Long.toString(versions.get(namespace + "/" + name))));
        }

        @Override
        public Map<String, Long> resourceVersions(CallerIdentity caller, String namespace, String name) {
            polledBy.add(caller);
            if (unavailable) {
                throw ApiErrors.serviceUnavailable("Vault is unavailable", 1);
            }
            Map<String, Long> result = new TreeMap<>();
            versions.forEach((key, version) -> {
                if (namespace == null || key.startsWith(namespace + "/")) {
                    result.put(key, version);
                }
            });
            return result;
        }

        @Override
        public String engine() {
            return "kv-v2";
        }

        @Override
        public VirtualSecret get(CallerIdentity caller, String namespace, String name, GetOptions options) {
            valuesReadBy.add(caller);
            return getMetadata(caller, namespace, name, options) == null ? null : object(namespace, name);
        }

        @Override
        public V1ObjectMeta getMetadata(CallerIdentity caller, String namespace, String name, GetOptions options) {
            if (!versions.containsKey(namespace + "/" + name)) {
                throw ApiErrors.notFound(GROUP_RESOURCE, name);
            }
            return object(namespace, name).getMetadata();
        }
    }
}
