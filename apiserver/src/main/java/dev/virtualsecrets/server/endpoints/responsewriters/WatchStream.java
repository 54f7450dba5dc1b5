package dev.virtualsecrets.server.endpoints.responsewriters;

import io.helidon.common.GenericType;
import io.helidon.webserver.http.spi.Sink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The body of a watch response: newline-delimited events, each flushed as it is written. Its
 * status and headers are already on the wire when it opens, as kube-apiserver sends them: a quiet
 * watch is not mistaken for a hung one by clients with a response-header timeout. Opened with
 * {@code response.sink(WatchStream.TYPE)} after the status and headers are set.
 */
public final class WatchStream implements Sink<byte[]> {

    public static final GenericType<WatchStream> TYPE = GenericType.create(WatchStream.class);

    private final OutputStream out;

    WatchStream(OutputStream out) {
        this.out = out;
    }

    /** Writes one event's encoding and a newline, and flushes it to the client. */
    @Override
    public WatchStream emit(byte[] event) {
        try {
            out.write(event);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Ends the response (the terminating chunk). */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
