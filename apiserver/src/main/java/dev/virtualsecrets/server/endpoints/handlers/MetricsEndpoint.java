package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.metrics.ServerMetrics;

import java.nio.charset.StandardCharsets;

/** {@code GET /metrics} in the Prometheus text format. */
public final class MetricsEndpoint implements Endpoint {

    private final ServerMetrics metrics;
    private final Responses responses;

    public MetricsEndpoint(ServerMetrics metrics, Responses responses) {
        this.metrics = metrics;
        this.responses = responses;
    }

    @Override
    public void handle(Exchange exchange) {
        exchange.requireGet();
        responses.bytes(exchange.response(), 200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
