package dev.virtualsecrets.server.watch;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.util.Iterator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fans out committed changes to watchers and keeps the {@link EventHistory} they resume from.
 * Publishing and subscribing share one lock, so a new watcher's replay and its live events neither
 * miss nor repeat an event. Publishing only appends to bounded per-watcher queues: a slow watcher
 * never slows the writer (it overflows instead, see {@link WatchSubscription}). No threads of its
 * own: each watcher is drained by the thread serving its request.
 */
public final class WatchHub {

    private static final int LAST_EVENTS_CAPACITY = 100_000;

    private final ResourceVersionClock clock;
    private final int queueCapacity;
    private final EventHistory history;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<WatchSubscription> subscriptions = new LinkedHashSet<>();
    private final List<Runnable> subscribed = new CopyOnWriteArrayList<>();
    /** The last event per object ("namespace/name"), so that pollers do not announce a change twice. */
    private final Map<String, LastEvent> lastEvents = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LastEvent> eldest) {
            return size() > LAST_EVENTS_CAPACITY;
        }
    };

    /**
     * @param historyCapacity events kept for resuming watches
     * @param queueCapacity   live events a watcher may fall behind before it is cut off
     */
    public WatchHub(ResourceVersionClock clock, int historyCapacity, int queueCapacity) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be positive: " + queueCapacity);
        }
        this.clock = clock;
        this.queueCapacity = queueCapacity;
        this.history = new EventHistory(historyCapacity, clock.current());
    }

    /** Records a committed change and offers it to every matching watcher. */
    public void publish(WatchEvent event) {
        if (event.type() == WatchEvent.Type.BOOKMARK || event.type() == WatchEvent.Type.ERROR) {
            throw new IllegalArgumentException("only object changes are published, not " + event.type());
        }
        lock.lock();
        try {
            clock.observe(event.resourceVersion());
            history.add(event);
            if (event.audience() == null) {
                // What one identity alone received does not tell the others' pollers they are up to date.
                lastEvents.put(key(event.object().getMetadata().getNamespace(), event.object().getMetadata().getName()),
                        new LastEvent(event.type(), event.resourceVersion()));
            }
            Iterator<WatchSubscription> it = subscriptions.iterator();
            while (it.hasNext()) {
                WatchSubscription subscription = it.next();
                WatchEvent view = event.isFor(subscription.watcher()) ? subscription.filter().viewOf(event) : null;
                if (view != null && !subscription.offer(view)) {
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a watch. With {@code sinceResourceVersion > 0} the events after it are replayed
     * first; 0 means "from now".
     *
     * @throws dev.virtualsecrets.server.apierrors.ApiException 410 Expired when history no longer
     *         reaches back that far, 504 ResourceVersionTooLarge when it is newer than this server knows
     */
    public WatchSubscription subscribe(WatchFilter filter, long sinceResourceVersion) {
        return subscribe(filter, sinceResourceVersion, null);
    }

    /** As above, for a watcher whose identity pollers use to look for changes ({@link #scopes()}). */
    public WatchSubscription subscribe(WatchFilter filter, long sinceResourceVersion, CallerIdentity watcher) {
        WatchSubscription subscription;
        lock.lock();
        try {
            List<WatchEvent> replay = List.of();
            if (sinceResourceVersion > 0) {
                long current = clock.current();
                if (sinceResourceVersion > current) {
                    throw ApiErrors.resourceVersionTooLarge(sinceResourceVersion, current);
                }
                replay = history.eventsAfter(sinceResourceVersion,
                                event -> event.isFor(watcher) && filter.viewOf(event) != null)
                        .stream().map(filter::viewOf).toList();
            }
            long since = sinceResourceVersion > 0 ? sinceResourceVersion : clock.current();
            subscription = new WatchSubscription(this, filter, watcher, since, queueCapacity, replay);
            subscriptions.add(subscription);
        } finally {
            lock.unlock();
        }
        if (watcher != null) {
            subscribed.forEach(Runnable::run);
        }
        return subscription;
    }

    /** Runs {@code listener} after each watch with a known watcher opens (pollers take note of new scopes). */
    public void onSubscribe(Runnable listener) {
        subscribed.add(listener);
    }

    /** What the open watches with a known watcher watch, without duplicates. */
    public Set<WatchScope> scopes() {
        lock.lock();
        try {
            Set<WatchScope> scopes = new LinkedHashSet<>();
            for (WatchSubscription subscription : subscriptions) {
                if (subscription.watcher() != null) {
                    scopes.add(new WatchScope(subscription.filter().namespace(), subscription.filter().name(),
                            subscription.watcher(), subscription.since()));
                }
            }
            return scopes;
        } finally {
            lock.unlock();
        }
    }

    /** The last event published for an object, if this process still remembers one. */
    public Optional<LastEvent> lastEvent(String namespace, String name) {
        lock.lock();
        try {
            return Optional.ofNullable(lastEvents.get(key(namespace, name)));
        } finally {
            lock.unlock();
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /**
     * The replicas' membership changed: resumes from a resourceVersion before now are 410 from now
     * on (this replica's history lacks what other replicas published for identities it takes
     * over), and the open watches whose watcher {@code movedAway} selects end with a 410 (another
     * replica serves them now; their clients relist there).
     *
     * @return how many open watches ended
     */
    public int membershipChanged(Predicate<CallerIdentity> movedAway) {
        List<WatchSubscription> ending = new ArrayList<>();
        lock.lock();
        try {
            history.expireBefore(clock.next()); // strictly after every resourceVersion handed out so far
            for (WatchSubscription subscription : subscriptions) {
                if (subscription.watcher() != null && movedAway.test(subscription.watcher())) {
                    ending.add(subscription);
                }
            }
        } finally {
            lock.unlock();
        }
        ending.forEach(subscription -> subscription.end("another replica serves this watcher now; relist"));
        return ending.size();
    }

    /** Watchers currently registered for live events. */
    public int activeWatchers() {
        lock.lock();
        try {
            return subscriptions.size();
        } finally {
            lock.unlock();
        }
    }

    void remove(WatchSubscription subscription) {
        lock.lock();
        try {
            subscriptions.remove(subscription);
        } finally {
            lock.unlock();
        }
    }
}
