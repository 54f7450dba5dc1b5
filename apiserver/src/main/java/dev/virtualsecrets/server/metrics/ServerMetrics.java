package dev.virtualsecrets.server.metrics;

import dev.virtualsecrets.server.cache.CacheMetrics;
import dev.virtualsecrets.server.vault.authentication.CallerTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus metrics. Labels are verbs, codes and resource names only: never a
 * user-supplied value that could carry a secret.
 */
public final class ServerMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public ServerMetrics() {
        // Heap and GC figures let operators (and hack/bench) see what open watches cost.
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
    }

    public void watchesActive(IntSupplier activeWatches) {
        Gauge.builder("virtualsecrets_watches_active", activeWatches::getAsInt)
                .description("Open watch streams")
                .register(registry);
    }

    public void leasesActive(IntSupplier activeLeases) {
        Gauge.builder("virtualsecrets_leases_active", activeLeases::getAsInt)
                .description("Vault leases held for callers' dynamic secrets")
                .register(registry);
    }

    /** Vault's state as the server sees it: 1 or 0, so that alerts need no probe of their own. */
    public void vault(BooleanSupplier available, BooleanSupplier serverTokenAccepted) {
        Gauge.builder("virtualsecrets_vault_available", () -> available.getAsBoolean() ? 1 : 0)
                .description("1 while Vault answers sys/health initialized and unsealed")
                .register(registry);
        Gauge.builder("virtualsecrets_vault_server_token_accepted", () -> serverTokenAccepted.getAsBoolean() ? 1 : 0)
                .description("1 while Vault accepts the server's own token")
                .register(registry);
    }

    public void requestCompleted(String verb, int code, Duration latency) {
        Timer.builder("virtualsecrets_requests")
                .description("Requests by Kubernetes verb and HTTP code")
                .tag("verb", verb)
                .tag("code", Integer.toString(code))
                .register(registry)
                .record(latency);
    }

    /** A request for another replica's identity: forwarded, or its owner unreachable. */
    public void forwarded(String outcome) {
        Counter.builder("virtualsecrets_requests_forwarded").description("Requests sent to the replica owning the caller")
                .tag("outcome", outcome).register(registry).increment();
    }

    public void authenticationFailed() {
        Counter.builder("virtualsecrets_authentication_failures").description("Requests answered 401")
                .register(registry).increment();
    }

    /** Vault logins made for callers, by caller kind (a fixed word). */
    public CallerTokens.Metrics callerTokens() {
        return callerKind -> Counter.builder("virtualsecrets_vault_logins")
                .description("Vault logins for callers, by kind")
                .tag("kind", callerKind).register(registry).increment();
    }

    /**
     * Publishes each cache's statistics as Micrometer's cache meters ({@code cache_gets_total} by
     * result, {@code cache_puts_total}, {@code cache_evictions_total}, {@code cache_size}), labelled
     * with the cache's fixed name.
     */
    public CacheMetrics caches() {
        return (name, cache) -> CaffeineCacheMetrics.monitor(registry, cache, name);
    }

    public String scrape() {
        return registry.scrape();
    }

    /** Unbinds the JVM and cache meters. */
    @Override
    public void close() {
        registry.close();
    }
}
