package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.endpoints.responsewriters.Responses;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The probes, answered in kube-apiserver's plain-text style ({@code ?verbose} lists every check):
 * {@code /healthz} and {@code /livez} (the process serves); {@code /readyz} (the server serves and
 * is not shutting down; Vault's state is deliberately not part of it, so that a Vault outage does not
 * take every replica out of the Service and the APIService out of discovery, which would stall
 * namespace deletion and garbage collection cluster-wide); {@code /vaultz} (Vault is reachable,
 * initialized and unsealed, and accepts the server's own token), for operators and alerts.
 */
public final class HealthEndpoint implements Endpoint {

    private final BooleanSupplier draining;
    private final BooleanSupplier vaultAvailable;
    private final BooleanSupplier serverTokenRefused;
    private final Responses responses;

    public HealthEndpoint(BooleanSupplier draining, BooleanSupplier vaultAvailable, BooleanSupplier serverTokenRefused,
                          Responses responses) {
        this.draining = draining;
        this.vaultAvailable = vaultAvailable;
        this.serverTokenRefused = serverTokenRefused;
        this.responses = responses;
    }

    @Override
    public void handle(Exchange exchange) {
        String path = exchange.info().path();
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, String> checks = new LinkedHashMap<>();
        String probe;
        if (path.startsWith("/readyz")) {
            probe = "readyz";
            check(checks, failures, "ping", true, null);
            check(checks, failures, "shutdown", !draining.getAsBoolean(), "the server is shutting down");
        } else if (path.startsWith("/vaultz")) {
            probe = "vaultz";
            boolean available = vaultAvailable.getAsBoolean();
            check(checks, failures, "vault", available, "Vault is unreachable, uninitialized or sealed");
            check(checks, failures, "vault-token", !available || !serverTokenRefused.getAsBoolean(),
                    "Vault does not accept the server's own token");
        } else {
            probe = path.startsWith("/livez") ? "livez" : "healthz";
            check(checks, failures, "ping", true, null);
        }
        boolean verbose = exchange.request().query().contains("verbose");
        StringBuilder body = new StringBuilder();
        if (verbose || !failures.isEmpty()) {
            checks.forEach((name, failure) -> body.append(failure == null
                    ? "[+]" + name + " ok\n" : "[-]" + name + " failed: " + failure + "\n"));
            body.append(probe).append(failures.isEmpty() ? " check passed" : " check failed");
        } else {
            body.append("ok");
        }
        responses.bytes(exchange.response(), failures.isEmpty() ? 200 : 503, "text/plain; charset=utf-8",
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void check(Map<String, String> checks, Map<String, String> failures, String name, boolean ok,
                              String failure) {
        checks.put(name, ok ? null : failure);
        if (!ok) {
            failures.put(name, failure);
        }
    }
}
