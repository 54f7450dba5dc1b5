package dev.virtualsecrets.server.watch;

import dev.virtualsecrets.server.apierrors.ApiErrors;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The recent events, in publish order, that let a watch resume from a resourceVersion instead of
 * relisting. Bounded: the oldest event is evicted when full, and the history then no longer covers
 * resourceVersions up to that event's. Not thread-safe: {@link WatchHub} confines it to its lock.
 */
public final class EventHistory {

    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final ArrayDeque<WatchEvent> events;
    private long coverageStart;

    /**
     * @param coverageStart the resourceVersion from which on every event is known: the clock's
     *                      value when the process started publishing
     */
    public EventHistory(int capacity, long coverageStart) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.events = new ArrayDeque<>(Math.min(capacity, 1024));
        this.coverageStart = coverageStart;
    }

    public void add(WatchEvent event) {
        if (events.size() == capacity) {
            WatchEvent evicted = events.removeFirst();
            coverageStart = Math.max(coverageStart, evicted.resourceVersion());
        }
        events.addLast(event);
    }

    /** Events published after {@code resourceVersion} that pass {@code filter}, oldest first. */
    public List<WatchEvent> eventsAfter(long resourceVersion, Predicate<WatchEvent> filter) {
        if (resourceVersion < coverageStart) {
            throw ApiErrors.expired("too old resource version: " + resourceVersion + " (" + coverageStart + ")");
        }
        List<WatchEvent> after = new ArrayList<>();
        for (WatchEvent event : events) {
            if (event.resourceVersion() > resourceVersion && filter.test(event)) {
                after.add(event);
            }
        }
        return after;
    }

    /** From now on, resume requests from below {@code resourceVersion} are answered 410 Expired. */
    public void expireBefore(long resourceVersion) {
        coverageStart = Math.max(coverageStart, resourceVersion);
    }

    /** Resume requests from below this resourceVersion are answered 410 Expired. */
    public long coverageStart() {
        return coverageStart;
    }

    public int size() {
        return events.size();
    }
}
