package dev.virtualsecrets.server.watch;

import dev.virtualsecrets.server.user.CallerIdentity;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One watcher's stream of events. The hub offers events without blocking; the watcher's own
 * (virtual) thread takes them with {@link #poll(Duration)}. Memory per watcher stays small: the
 * queue grows on demand and is capped, and a watcher that falls {@code capacity} events behind
 * stops receiving new events ({@link #isOverflowed()}); it still gets what was queued, after which
 * it is terminated and the client re-watches from its last resourceVersion (or relists on 410).
 */
public final class WatchSubscription implements AutoCloseable {

    private final WatchHub hub;
    private final WatchFilter filter;
    private final CallerIdentity watcher;
    private final long since;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<WatchEvent> queue;
    /** Replayed events still at the head of the queue; they do not count against the capacity. */
    private int replayPending;
    private boolean overflowed;
    private boolean closed;
    private String endedBecause;

    WatchSubscription(WatchHub hub, WatchFilter filter, CallerIdentity watcher, long since, int capacity,
                      List<WatchEvent> replay) {
        this.hub = hub;
        this.filter = filter;
        this.watcher = watcher;
        this.since = since;
        this.capacity = capacity;
        // The replay is history the hub already holds; it does not count against the live capacity.
        this.queue = new ArrayDeque<>(replay.size() + 1);
        this.queue.addAll(replay);
        this.replayPending = replay.size();
    }

    public WatchFilter filter() {
        return filter;
    }

    /** The resourceVersion after which this watch receives every change: its own, or the clock's when it opened. */
    public long since() {
        return since;
    }

    /** Who watches; null when not known (then nobody polls for this watcher). */
    public CallerIdentity watcher() {
        return watcher;
    }

    /**
     * The next event, waiting up to {@code timeout}; null on timeout or once terminated (then
     * immediately).
     */
    public WatchEvent poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed || overflowed || nanos <= 0) {
                    return null;
                }
                nanos = available.awaitNanos(nanos);
            }
            if (replayPending > 0) {
                replayPending--;
            }
            return queue.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    /** True when nothing more will come: closed, or overflowed and drained. */
    public boolean isTerminated() {
        lock.lock();
        try {
            return closed || (overflowed && queue.isEmpty());
        } finally {
            lock.unlock();
        }
    }

    /** True when the watcher fell too far behind and was cut off from new events. */
    public boolean isOverflowed() {
        lock.lock();
        try {
            return overflowed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Why the hub ended this watch (e.g. another replica serves its watcher now), or null when it
     * ended because the watcher fell behind or left.
     */
    public String endedBecause() {
        lock.lock();
        try {
            return endedBecause;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the watch for {@code reason}: its stream ends with a 410, and the client relists. */
    void end(String reason) {
        lock.lock();
        try {
            endedBecause = reason;
        } finally {
            lock.unlock();
        }
        close();
    }

    /** Frees the subscription; pending and future events are dropped. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            replayPending = 0;
            available.signalAll();
        } finally {
            lock.unlock();
        }
        hub.remove(this);
    }

    /**
     * Called by the hub under its lock; never blocks on the watcher.
     *
     * @return false when this subscription takes no more events and the hub should drop it
     */
    boolean offer(WatchEvent event) {
        lock.lock();
        try {
            if (closed || overflowed) {
                return false;
            }
            if (queue.size() - replayPending >= capacity) {
                overflowed = true;
                available.signalAll();
                return false;
            }
            queue.addLast(event);
            available.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }
}
