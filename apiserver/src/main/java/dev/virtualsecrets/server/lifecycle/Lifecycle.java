package dev.virtualsecrets.server.lifecycle;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's background work, like k8s.io/apiserver's post-start and pre-shutdown hooks: parts
 * are registered while wiring (which starts nothing), started in registration order once wiring is
 * done, and stopped in the reverse order. A part that fails to start stops those started before it.
 */
public final class Lifecycle implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class.getName());

    /** Starts a part; it may block until the part is ready (e.g. a first read of a ConfigMap). */
    @FunctionalInterface
    public interface Start {
        void start() throws Exception;
    }

    private record Part(String name, Start start, AutoCloseable stop) {
    }

    private final List<Part> parts = new ArrayList<>();
    private final Deque<Part> started = new ArrayDeque<>();

    /** A part that starts and stops. */
    public synchronized Lifecycle add(String name, Start start, AutoCloseable stop) {
        parts.add(new Part(name, start, stop));
        return this;
    }

    /** A part that only needs closing (an executor, a client), closed in the same reverse order. */
    public Lifecycle closing(String name, AutoCloseable stop) {
        return add(name, () -> { }, stop);
    }

    public synchronized void start() {
        for (Part part : parts) {
            try {
                part.start().start();
            } catch (Exception e) {
                close();
                throw new IllegalStateException("cannot start " + part.name() + ": " + e.getMessage(), e);
            }
            started.push(part);
        }
    }

    /** Stops what started, last first; a part that fails to stop is logged and the others still stop. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            Part part = started.pop();
            try {
                part.stop().close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "stopping {0} failed: {1}", new Object[]{part.name(), e.getClass().getSimpleName()});
            }
        }
    }

    /** The parts' names in start order, for the log and for tests. */
    public synchronized List<String> names() {
        return parts.stream().map(Part::name).toList();
    }
}
