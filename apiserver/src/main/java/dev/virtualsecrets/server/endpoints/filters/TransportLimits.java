package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.endpoints.responsewriters.TransportErrors;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What the web server enforces before any route runs: the time a request head may take
 * ({@link RequestHeadDeadline}), the largest body it reads at all, and Kubernetes Status answers
 * for what it refuses itself ({@link TransportErrors}).
 */
public final class TransportLimits implements AutoCloseable {

    private final RequestHeadDeadline headDeadline;
    private final TransportErrors errors;
    private final long maxPayloadBytes;

    public TransportLimits(Responses responses, Duration readHeaderTimeout, long maxPayloadBytes) {
        this(responses, new RequestHeadDeadline(readHeaderTimeout), maxPayloadBytes);
    }

    TransportLimits(Responses responses, RequestHeadDeadline headDeadline, long maxPayloadBytes) {
        this.headDeadline = headDeadline;
        this.errors = new TransportErrors(responses, maxPayloadBytes);
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * HTTP/1.1 only, through one connection selector, so that every connection is handed to it as
     * soon as it is accepted (Helidon identifies the protocol of a connection only when it has
     * several selectors, and waits for a whole first line to do so, with no time limit).
     */
    public void applyTo(WebServerConfig.Builder server) {
        Http1ConnectionSelector http1 = Http1ConnectionSelector.builder()
                .config(Http1Config.builder()
                        .addReceiveListener(headDeadline.receiving())
                        .addSendListener(headDeadline.sending())
                        .build())
                .build();
        server.protocolsDiscoverServices(false)
                .protocols(List.of())
                .connectionSelectors(List.of(new TimedSelector(http1, headDeadline)))
                .directHandlers(handlers -> {
                    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                        handlers.addHandler(type, errors);
                    }
                })
                .maxPayloadSize(maxPayloadBytes);
    }

    /** Every connection is HTTP/1's, and its head deadline runs from its start. */
    private record TimedSelector(ServerConnectionSelector http1, RequestHeadDeadline deadline)
            implements ServerConnectionSelector {

        @Override
        public int bytesToIdentifyConnection() {
            return 0;
        }

        @Override
        public Support supports(BufferData data) {
            return Support.SUPPORTED;
        }

        @Override
        public Set<String> supportedApplicationProtocols() {
            return http1.supportedApplicationProtocols();
        }

        @Override
        public ServerConnection connection(ConnectionContext ctx) {
            return deadline.track(ctx, http1.connection(ctx));
        }
    }

    /** Connections open now (for tests). */
    int openConnections() {
        return headDeadline.tracked();
    }

    @Override
    public void close() {
        headDeadline.close();
    }
}
