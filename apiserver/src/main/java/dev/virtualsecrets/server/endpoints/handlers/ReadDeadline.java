package dev.virtualsecrets.server.endpoints.handlers;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds a blocking read of a request body: past the limit the reading thread is interrupted,
 * which closes the connection's channel and ends the read with an exception. A slow client then
 * holds a connection for the limit, not for the idle timeout (which must outlast watches).
 */
final class ReadDeadline {

    /** A read that can fail with an IOException. */
    interface Read<T> {
        T read() throws IOException;
    }

    /** Thrown when the limit cut the read. */
    static final class Exceeded extends Exception {
        Exceeded() {
            super(null, null, false, false);
        }
    }

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("request-body-deadline").factory());

    private final long limitMillis;

    ReadDeadline(Duration limit) {
        this.limitMillis = limit.toMillis();
    }

    <T> T within(Read<T> read) throws IOException, Exceeded {
        Cut cut = new Cut(Thread.currentThread());
        ScheduledFuture<?> timer = TIMER.schedule(cut::fire, limitMillis, TimeUnit.MILLISECONDS);
        try {
            return read.read();
        } catch (IOException e) {
            if (cut.fired()) {
                throw new Exceeded();
            }
            throw e;
        } finally {
            timer.cancel(false);
            if (cut.finish()) {
                Thread.interrupted(); // the interrupt was ours: it must not reach the rest of the request
            }
        }
    }

    /** Interrupts the reader once, unless the read finished first; both under one lock. */
    private static final class Cut {
        private final Thread reader;
        private boolean done;
        private boolean fired;

        Cut(Thread reader) {
            this.reader = reader;
        }

        synchronized void fire() {
            if (!done) {
                fired = true;
                reader.interrupt();
            }
        }

        synchronized boolean fired() {
            return fired;
        }

        /** Ends the read; whether the interrupt was delivered. */
        synchronized boolean finish() {
            done = true;
            return fired;
        }
    }
}
