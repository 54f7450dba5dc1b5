package dev.virtualsecrets.server.metrics;

import dev.virtualsecrets.server.vault.authentication.CallerTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus metrics. Labels are verbs, codes and resource names only: never a
 * user-supplied value that could carry a secret.
 */
public final class ServerMetrics {

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

    public void requestCompleted(String verb, int code, Duration latency) {
        Timer.builder("virtualsecrets_requests")
                .description("Requests by Kubernetes verb and HTTP code")
                .tag("verb", verb)
                .tag("code", Integer.toString(code))
                .register(registry)
                .record(latency);
    }

    public void authenticationFailed() {
        Counter.builder("virtualsecrets_authentication_failures").description("Requests answered 401")
                .register(registry).increment();
    }

    /** Counters of the callers' Vault token cache: hits, misses, and logins by caller kind. */
    public CallerTokens.Metrics callerTokens() {
        Counter hits = Counter.builder("virtualsecrets_vault_token_cache_hits")
                .description("Requests served with a cached Vault token of their caller").register(registry);
        Counter misses = Counter.builder("virtualsecrets_vault_token_cache_misses")
                .description("Requests whose caller had no cached Vault token").register(registry);
        return new CallerTokens.Metrics() {
            @Override
            public void hit() {
                hits.increment();
            }

            @Override
            public void miss() {
                misses.increment();
            }

            @Override
            public void login(String callerKind) {
                Counter.builder("virtualsecrets_vault_logins").description("Vault logins for callers, by kind")
                        .tag("kind", callerKind).register(registry).increment();
            }
        };
    }

    public String scrape() {
        return registry.scrape();
    }
}
