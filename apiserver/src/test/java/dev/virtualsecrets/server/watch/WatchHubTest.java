package dev.virtualsecrets.server.watch;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.selector.FieldSelector;
import dev.virtualsecrets.server.selector.LabelSelector;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatchHubTest {

    private static final Duration NO_WAIT = Duration.ZERO;
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A clock that stands still, so resourceVersions are predictable. */
    private final ResourceVersionClock clock =
            new ResourceVersionClock(Clock.fixed(Instant.ofEpochSecond(1), ZoneOffset.UTC));

    private long start;

    private WatchHub hub(int historyCapacity, int queueCapacity) {
        WatchHub hub = new WatchHub(clock, historyCapacity, queueCapacity);
        start = clock.current();
        return hub;
    }

    private static VirtualSecret secret(String namespace, String name, Map<String, String> labels) {
        return new VirtualSecret().metadata(new V1ObjectMeta().namespace(namespace).name(name).labels(labels));
    }

    private WatchEvent added(String namespace, String name) {
        return new WatchEvent(WatchEvent.Type.ADDED, clock.next(), secret(namespace, name, Map.of()));
    }

    @Test
    void deliversLiveEventsInPublishOrder() throws InterruptedException {
        WatchHub hub = hub(100, 100);
        try (WatchSubscription subscription = hub.subscribe(WatchFilter.everything(), 0)) {
            List<WatchEvent> published = List.of(added("a", "one"), added("a", "two"), added("b", "three"));
            published.forEach(hub::publish);
            for (WatchEvent event : published) {
                assertSame(event, subscription.poll(WAIT));
            }
            assertNull(subscription.poll(NO_WAIT));
            assertFalse(subscription.isTerminated());
        }
    }

    @Test
    void resourceVersionZeroStartsFromNow() throws InterruptedException {
        WatchHub hub = hub(100, 100);
        hub.publish(added("a", "before"));
        try (WatchSubscription subscription = hub.subscribe(WatchFilter.everything(), 0)) {
            WatchEvent after = added("a", "after");
            hub.publish(after);
            assertSame(after, subscription.poll(WAIT));
            assertNull(subscription.poll(NO_WAIT));
        }
    }

    @Test
    void resumesAfterARecentResourceVersionThenContinuesLive() throws InterruptedException {
        WatchHub hub = hub(100, 100);
        WatchEvent first = added("a", "one");
        WatchEvent second = added("a", "two");
        WatchEvent third = added("a", "three");
        List.of(first, second, third).forEach(hub::publish);

        try (WatchSubscription subscription = hub.subscribe(WatchFilter.everything(), first.resourceVersion())) {
            WatchEvent live = added("a", "four");
            hub.publish(live);
            assertSame(second, subscription.poll(WAIT));
            assertSame(third, subscription.poll(WAIT));
            assertSame(live, subscription.poll(WAIT));
            assertNull(subscription.poll(NO_WAIT));
        }
    }

    @Test
    void resumeFromBeforeProcessStartIsExpired() {
        WatchHub hub = hub(100, 100);
        ApiException e = assertThrows(ApiException.class, () -> hub.subscribe(WatchFilter.everything(), start - 1));
        assertEquals(410, e.code());
        assertEquals("Expired", e.reason());
        assertEquals("too old resource version: " + (start - 1) + " (" + start + ")", e.getMessage());
    }

    @Test
    void resumeFromAnEvictedResourceVersionIsExpired() {
        WatchHub hub = hub(2, 100);
        WatchEvent first = added("a", "one");
        WatchEvent second = added("a", "two");
        WatchEvent third = added("a", "three");
        List.of(first, second, third).forEach(hub::publish);

        ApiException e = assertThrows(ApiException.class,
                () -> hub.subscribe(WatchFilter.everything(), first.resourceVersion() - 1));
        assertEquals(410, e.code());
        // The evicted event's own resourceVersion is still a valid resume point.
        hub.subscribe(WatchFilter.everything(), first.resourceVersion()).close();
    }

    @Test
    void resumeFromTheFutureIsTooLarge() {
        WatchHub hub = hub(100, 100);
        long future = clock.current() + 1_000_000;
        ApiException e = assertThrows(ApiException.class, () -> hub.subscribe(WatchFilter.everything(), future));
        assertEquals(504, e.code());
        assertEquals("ResourceVersionTooLarge", e.status().details().causes().getFirst().reason());
    }

    @Test
    void publishedResourceVersionsFromVaultCountAsKnown() throws InterruptedException {
        WatchHub hub = hub(100, 100);
        long fromVault = clock.current() + 5_000_000;
        WatchEvent event = new WatchEvent(WatchEvent.Type.ADDED, fromVault, secret("a", "x", Map.of()));
        hub.publish(event);
        try (WatchSubscription subscription = hub.subscribe(WatchFilter.everything(), fromVault)) {
            assertNull(subscription.poll(NO_WAIT));
        }
    }

    @Test
    void filtersByNamespaceNameAndLabels() throws InterruptedException {
        WatchHub hub = hub(100, 100);
        WatchFilter filter = WatchFilter.of("a", LabelSelector.parse("app=web"), FieldSelector.parse("metadata.name=x"));
        try (WatchSubscription subscription = hub.subscribe(filter, 0)) {
            hub.publish(new WatchEvent(WatchEvent.Type.ADDED, clock.next(), secret("b", "x", Map.of("app", "web"))));
            hub.publish(new WatchEvent(WatchEvent.Type.ADDED, clock.next(), secret("a", "y", Map.of("app", "web"))));
            hub.publish(new WatchEvent(WatchEvent.Type.ADDED, clock.next(), secret("a", "x", Map.of("app", "db"))));
            WatchEvent match = new WatchEvent(WatchEvent.Type.ADDED, clock.next(), secret("a", "x", Map.of("app", "web")));
            hub.publish(match);
            assertSame(match, subscription.poll(WAIT));
            assertNull(subscription.poll(NO_WAIT));
        }
    }

    @Test
    void replayIsFilteredToo() throws InterruptedException {
        WatchHub hub = hub(100, 100);
        hub.publish(added("b", "other"));
        WatchEvent mine = added("a", "mine");
        hub.publish(mine);
        WatchFilter filter = WatchFilter.of("a", LabelSelector.everything(), FieldSelector.everything());
        try (WatchSubscription subscription = hub.subscribe(filter, start)) {
            assertSame(mine, subscription.poll(WAIT));
            assertNull(subscription.poll(NO_WAIT));
        }
    }

    @Test
    void modifiedOutOfAndIntoTheSelectorBecomesDeletedAndAdded() throws InterruptedException {
        WatchHub hub = hub(100, 100);
        WatchFilter filter = WatchFilter.of(null, LabelSelector.parse("app=web"), FieldSelector.everything());
        try (WatchSubscription subscription = hub.subscribe(filter, 0)) {
            VirtualSecret web = secret("a", "x", Map.of("app", "web"));
            VirtualSecret db = secret("a", "x", Map.of("app", "db"));
            long leave = clock.next();
            hub.publish(new WatchEvent(WatchEvent.Type.MODIFIED, leave, db, web));
            long enter = clock.next();
            hub.publish(new WatchEvent(WatchEvent.Type.MODIFIED, enter, web, db));
            hub.publish(new WatchEvent(WatchEvent.Type.MODIFIED, clock.next(), db, db));

            WatchEvent deleted = subscription.poll(WAIT);
            assertEquals(WatchEvent.Type.DELETED, deleted.type());
            assertEquals(leave, deleted.resourceVersion());
            assertSame(web, deleted.object());
            WatchEvent addedBack = subscription.poll(WAIT);
            assertEquals(WatchEvent.Type.ADDED, addedBack.type());
            assertEquals(enter, addedBack.resourceVersion());
            assertSame(web, addedBack.object());
            assertNull(subscription.poll(NO_WAIT));
        }
    }

    @Test
    void aWatcherThatFallsBehindOverflowsDrainsAndTerminates() throws InterruptedException {
        WatchHub hub = hub(100, 2);
        WatchSubscription slow = hub.subscribe(WatchFilter.everything(), 0);
        WatchEvent first = added("a", "1");
        WatchEvent second = added("a", "2");
        List.of(first, second, added("a", "3"), added("a", "4")).forEach(hub::publish);

        assertTrue(slow.isOverflowed());
        assertEquals(0, hub.activeWatchers());
        assertFalse(slow.isTerminated());
        assertSame(first, slow.poll(WAIT));
        assertSame(second, slow.poll(WAIT));
        assertNull(slow.poll(WAIT));
        assertTrue(slow.isTerminated());
        slow.close();
    }

    @Test
    void aLargeReplayDoesNotCountAgainstTheLiveQueue() throws InterruptedException {
        WatchHub hub = hub(100, 2);
        for (int i = 0; i < 10; i++) {
            hub.publish(added("a", "n" + i));
        }
        try (WatchSubscription subscription = hub.subscribe(WatchFilter.everything(), start)) {
            hub.publish(added("a", "live"));
            int received = 0;
            while (subscription.poll(NO_WAIT) != null) {
                received++;
            }
            assertEquals(11, received);
            assertFalse(subscription.isOverflowed());
        }
    }

    @Test
    void closeFreesTheSubscriptionAndWakesThePoller() throws InterruptedException {
        WatchHub hub = hub(100, 100);
        WatchSubscription subscription = hub.subscribe(WatchFilter.everything(), 0);
        assertEquals(1, hub.activeWatchers());
        Thread poller = Thread.ofVirtual().start(() -> {
            try {
                assertNull(subscription.poll(Duration.ofMinutes(5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        subscription.close();
        poller.join(WAIT);
        assertFalse(poller.isAlive());
        assertEquals(0, hub.activeWatchers());
        assertTrue(subscription.isTerminated());
        hub.publish(added("a", "after-close"));
        assertNull(subscription.poll(NO_WAIT));
        subscription.close();
    }

    @Test
    void tenThousandWatchersAllReceiveOnePublish() throws InterruptedException {
        WatchHub hub = hub(100, 16);
        int watchers = 10_000;
        List<WatchSubscription> subscriptions = new ArrayList<>(watchers);
        for (int i = 0; i < watchers; i++) {
            subscriptions.add(hub.subscribe(WatchFilter.everything(), 0));
        }
        assertEquals(watchers, hub.activeWatchers());

        List<Thread> pollers = new ArrayList<>(watchers);
        AtomicLong delivered = new AtomicLong();
        WatchEvent event = added("a", "broadcast");
        for (WatchSubscription subscription : subscriptions) {
            pollers.add(Thread.ofVirtual().start(() -> {
                try {
                    if (subscription.poll(Duration.ofSeconds(30)) == event) {
                        delivered.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        hub.publish(event);
        for (Thread poller : pollers) {
            poller.join(Duration.ofSeconds(30));
        }
        assertEquals(watchers, delivered.get());
        subscriptions.forEach(WatchSubscription::close);
        assertEquals(0, hub.activeWatchers());
    }

    @Test
    void bookmarksAreNotPublished() {
        WatchHub hub = hub(100, 100);
        assertThrows(IllegalArgumentException.class, () -> hub.publish(
                new WatchEvent(WatchEvent.Type.BOOKMARK, clock.next(), secret("a", "x", Map.of()))));
    }

    @Test
    void anEventForOneIdentityReachesOnlyThatIdentitysWatches() throws InterruptedException {
        WatchHub hub = hub(100, 100);
        CallerIdentity alice = CallerIdentity.of("alice", List.of("dev", "system:authenticated"));
        CallerIdentity aliceAgain = CallerIdentity.of("alice", List.of("system:authenticated", "dev"));
        CallerIdentity bob = CallerIdentity.of("bob", List.of("dev", "system:authenticated"));
        try (WatchSubscription ofAlice = hub.subscribe(WatchFilter.everything(), 0, aliceAgain);
             WatchSubscription ofBob = hub.subscribe(WatchFilter.everything(), 0, bob);
             WatchSubscription anonymous = hub.subscribe(WatchFilter.everything(), 0)) {
            WatchEvent alicesLease = WatchEvent.forOwner(WatchEvent.Type.ADDED, clock.next(),
                    secret("demo", "db-app", Map.of()), alice.key());
            hub.publish(alicesLease);
            assertSame(alicesLease, ofAlice.poll(WAIT));
            assertNull(ofBob.poll(NO_WAIT));
            assertNull(anonymous.poll(NO_WAIT));
        }
        // Nor does it come back when bob resumes from before it.
        try (WatchSubscription resumed = hub.subscribe(WatchFilter.everything(), start, bob)) {
            assertNull(resumed.poll(NO_WAIT));
        }
    }

    @Test
    void aMembershipChangeEndsTheWatchesOfWatchersThatMovedAndExpiresOlderResumes() throws InterruptedException {
        WatchHub hub = hub(100, 100);
        CallerIdentity alice = CallerIdentity.of("alice", List.of());
        CallerIdentity bob = CallerIdentity.of("bob", List.of());
        WatchEvent before = added("a", "one");
        hub.publish(before);
        WatchSubscription moved = hub.subscribe(WatchFilter.everything(), 0, alice);
        WatchSubscription stays = hub.subscribe(WatchFilter.everything(), 0, bob);

        assertEquals(1, hub.membershipChanged(watcher -> watcher.user().equals("alice")));

        assertTrue(moved.isTerminated());
        assertNull(moved.poll(NO_WAIT));
        assertEquals("another replica serves this watcher now; relist", moved.endedBecause());
        assertFalse(stays.isTerminated());
        assertNull(stays.endedBecause());
        WatchEvent after = added("a", "two");
        hub.publish(after);
        assertSame(after, stays.poll(WAIT), "watches that stay here go on");
        ApiException expired = assertThrows(ApiException.class,
                () -> hub.subscribe(WatchFilter.everything(), before.resourceVersion(), bob));
        assertEquals(410, expired.code(), "history from before the change may lack another replica's events");
        stays.close();
        assertEquals(0, hub.activeWatchers());
    }
}
