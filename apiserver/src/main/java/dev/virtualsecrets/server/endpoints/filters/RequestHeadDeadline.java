package dev.virtualsecrets.server.endpoints.filters;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.spi.ServerConnection;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the time a client may take to send a request head, as kube-apiserver does
 * ({@code ReadHeaderTimeout}): from the first byte of a request to the end of its headers. A
 * connection that has not finished its head within the limit is closed (its thread is interrupted,
 * which closes the channel; TLS sockets cannot be half-closed), so slow or stalled clients cannot
 * hold connections for the idle timeout, which must outlast watches. A new connection that sends
 * nothing at all is closed after {@link #SILENT_LIMIT}: longer than Go's transports keep an unused
 * connection in their pool (90 s), so that a connection kube-apiserver dialed but did not use yet is
 * never closed under a request it is about to send.
 *
 * <p>{@link #track} wraps each new connection; the listeners from {@link #receiving()} (bytes,
 * prologue, headers) and {@link #sending()} (the response began, so the next bytes are the next
 * request's) are registered with the HTTP/1 protocol.
 */
public final class RequestHeadDeadline implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(RequestHeadDeadline.class.getName());

    /** How long a new connection may stay silent. */
    static final Duration SILENT_LIMIT = Duration.ofSeconds(120);

    private final long limitNanos;
    private final long silentNanos;
    /** Open connections, by their context. */
    private final Map<ConnectionContext, ServerConnection> open = new ConcurrentHashMap<>();
    /** Connections whose head has begun and not ended: when it began. */
    private final Map<ConnectionContext, Long> reading = new ConcurrentHashMap<>();
    /** New connections that have sent nothing yet: when they were opened. */
    private final Map<ConnectionContext, Long> silent = new ConcurrentHashMap<>();
    /** Connections between the end of a head and the start of its response: reads there are the body's. */
    private final Map<ConnectionContext, Boolean> handling = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    public RequestHeadDeadline(Duration limit) {
        this(limit, SILENT_LIMIT);
    }

    RequestHeadDeadline(Duration limit, Duration silentLimit) {
        this.limitNanos = limit.toNanos();
        this.silentNanos = silentLimit.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("request-head-deadline").factory());
        long period = Math.max(100, Math.min(1_000, limit.toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** A new connection: tracked until it ends; silent until its first byte. */
    ServerConnection track(ConnectionContext ctx, ServerConnection connection) {
        open.put(ctx, connection);
        silent.put(ctx, System.nanoTime());
        return new Tracked(ctx, connection);
    }

    /** Sees bytes arrive and heads end. */
    public Http1ConnectionListener receiving() {
        return new Http1ConnectionListener() {
            @Override
            public void data(ConnectionContext ctx, BufferData data) {
                begun(ctx);
            }

            @Override
            public void data(ConnectionContext ctx, byte[] bytes, int offset, int length) {
                begun(ctx);
            }

            @Override
            public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
                begun(ctx);
            }

            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                reading.remove(ctx);
                handling.put(ctx, Boolean.TRUE);
            }
        };
    }

    /** Sees responses begin. */
    public Http1ConnectionListener sending() {
        return new Http1ConnectionListener() {
            @Override
            public void status(ConnectionContext ctx, Status status) {
                handling.remove(ctx);
            }
        };
    }

    private void begun(ConnectionContext ctx) {
        silent.remove(ctx);
        if (!handling.containsKey(ctx) && open.containsKey(ctx)) {
            reading.putIfAbsent(ctx, System.nanoTime());
        }
    }

    private void ended(ConnectionContext ctx) {
        open.remove(ctx);
        silent.remove(ctx);
        reading.remove(ctx);
        handling.remove(ctx);
    }

    /** Connections reading a head for too long, or silent for too long, are closed. */
    void sweep() {
        long now = System.nanoTime();
        closeExpired(reading, now, limitNanos);
        closeExpired(silent, now, silentNanos);
    }

    private void closeExpired(Map<ConnectionContext, Long> since, long now, long limit) {
        since.forEach((ctx, start) -> {
            if (now - start > limit) {
                since.remove(ctx);
                ServerConnection connection = open.get(ctx);
                try {
                    if (connection != null) {
                        connection.close(true);
                    }
                } catch (RuntimeException e) {
                    LOGGER.log(System.Logger.Level.DEBUG, "closing a slow connection failed", e);
                }
            }
        });
    }

    /** Connections currently open (for tests). */
    int tracked() {
        return open.size();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    /** The connection, forgotten when it ends. Helidon interrupts idle connections at shutdown: delegated. */
    private final class Tracked implements ServerConnection, InterruptableTask<Void> {
        private final ConnectionContext ctx;
        private final ServerConnection delegate;

        Tracked(ConnectionContext ctx, ServerConnection delegate) {
            this.ctx = ctx;
            this.delegate = delegate;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            try {
                delegate.handle(limit);
            } finally {
                ended(ctx);
            }
        }

        @Override
        public void handle(Semaphore requestSemaphore) throws InterruptedException {
            try {
                delegate.handle(requestSemaphore);
            } finally {
                ended(ctx);
            }
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }

        @Override
        public boolean canInterrupt() {
            return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
        }
    }
}
