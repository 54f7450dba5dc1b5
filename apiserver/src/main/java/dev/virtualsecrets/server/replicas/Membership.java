package dev.virtualsecrets.server.replicas;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * This replica's view of the serving replicas: it renews its own announcement every period (valid
 * for {@code duration}, several periods) and reads the live ones. While the directory cannot be
 * reached the last view stands; this replica is a member of its own view until it withdraws, when
 * it stops, so that peers route elsewhere before it closes its listener.
 */
public final class Membership implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Membership.class.getName());

    private final ReplicaDirectory directory;
    private final Replica self;
    private final Duration duration;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("replica-membership").factory());
    private final List<Consumer<List<Replica>>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Replica> members;
    private volatile boolean withdrawn;
    private String lastFailure;

    public Membership(ReplicaDirectory directory, Replica self, Duration duration) {
        this.directory = directory;
        this.self = self;
        this.duration = duration;
        this.members = List.of(self);
    }

    /** Announces this replica now (failing the start if the directory refuses) and every period after. */
    public void start(Duration period) {
        directory.renew(self, duration);
        update(view(directory.live()));
        timer.scheduleWithFixedDelay(this::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void refresh() {
        if (withdrawn) {
            return;
        }
        try {
            directory.renew(self, duration);
            update(view(directory.live()));
            lastFailure = null;
        } catch (RuntimeException e) {
            String failure = e.getClass().getSimpleName();
            if (!failure.equals(lastFailure)) {
                LOG.log(Level.WARNING, "cannot renew this replica''s membership ({0}); the last view of {1} replica(s) stands",
                        new Object[]{failure, members.size()});
                lastFailure = failure;
            }
        }
    }

    /** Runs {@code listener} with the new view whenever the serving replicas change. */
    public void onChange(Consumer<List<Replica>> listener) {
        listeners.add(listener);
    }

    private synchronized void update(List<Replica> view) {
        if (withdrawn && view.contains(self)) {
            return; // a refresh that raced the withdrawal
        }
        if (!view.equals(members)) {
            members = view;
            listeners.forEach(listener -> listener.accept(view));
        }
    }

    private List<Replica> view(List<Replica> live) {
        return Stream.concat(live.stream().filter(replica -> !replica.id().equals(self.id())), Stream.of(self))
                .sorted(Comparator.comparing(Replica::id)).toList();
    }

    /** The ids of the replicas live now, asked of the directory (this one included). */
    public Set<String> liveNow() {
        Set<String> ids = new HashSet<>();
        directory.live().forEach(replica -> ids.add(replica.id()));
        ids.add(self.id());
        return ids;
    }

    public Replica self() {
        return self;
    }

    /** The serving replicas, sorted by id, this one included. */
    public List<Replica> members() {
        return members;
    }

    /** The replica that serves {@code key}'s requests. */
    public Replica ownerOf(String key) {
        return Owners.owner(key, members);
    }

    /**
     * Stops announcing and removes the announcement (a stopping replica first). From then on the
     * others serve every identity, in this replica's view as well (unless it is the only one), so
     * that it forwards what still reaches it and hands its leases over.
     */
    public void withdraw() {
        withdrawn = true;
        timer.shutdownNow();
        try {
            directory.withdraw(self);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot withdraw this replica''s membership ({0}); it expires in {1}",
                    new Object[]{e.getClass().getSimpleName(), duration});
        }
        List<Replica> others = members.stream().filter(replica -> !replica.id().equals(self.id())).toList();
        if (!others.isEmpty()) {
            update(others);
        }
    }

    @Override
    public void close() {
        if (!withdrawn) {
            withdraw();
        }
    }
}
