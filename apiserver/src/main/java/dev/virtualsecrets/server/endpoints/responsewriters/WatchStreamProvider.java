package dev.virtualsecrets.server.endpoints.responsewriters;

import io.helidon.common.GenericType;
import io.helidon.common.media.type.MediaType;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http.spi.Sink;
import io.helidon.webserver.http.spi.SinkProvider;
import io.helidon.webserver.http.spi.SinkProviderContext;

import java.util.function.BiConsumer;

/**
 * Opens {@link WatchStream}s for Helidon (found through {@code META-INF/services}). Helidon holds a
 * streamed response's headers back until its first byte; only a sink can send them earlier, which
 * this provider does as the stream opens.
 */
public final class WatchStreamProvider implements SinkProvider<byte[]> {

    @Override
    public boolean supports(GenericType<? extends Sink<?>> type, ServerRequest request) {
        return WatchStream.TYPE.equals(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <X extends Sink<byte[]>> X create(SinkProviderContext context) {
        WatchStream stream = new WatchStream(context.serverResponse().outputStream());
        context.flushHeaders();
        return (X) stream;
    }

    /** Helidon's older entry point, without the context that can send the headers early. */
    @Override
    public <X extends Sink<byte[]>> X create(ServerResponse response, BiConsumer<Object, MediaType> eventConsumer,
                                             Runnable closeRunnable) {
        throw new UnsupportedOperationException("a watch stream needs Helidon's SinkProviderContext");
    }
}
