package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.server.endpoints.responsewriters.Responses;

import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz}, {@code /livez} (the process serves) and {@code /readyz} (Vault is reachable,
 * initialized and unsealed, and accepts the server's own token), answered in kube-apiserver's
 * plain-text style.
 */
public final class HealthEndpoint implements Endpoint {

    private final BooleanSupplier vaultReady;
    private final BooleanSupplier serverTokenRefused;
    private final Responses responses;

    public HealthEndpoint(BooleanSupplier vaultReady, BooleanSupplier serverTokenRefused, Responses responses) {
        this.vaultReady = vaultReady;
        this.serverTokenRefused = serverTokenRefused;
        this.responses = responses;
    }

    @Override
    public void handle(Exchange exchange) {
        if (!exchange.info().path().startsWith("/readyz")) {
            text(exchange, 200, "ok");
            return;
        }
        if (!vaultReady.getAsBoolean()) {
            text(exchange, 503, "[-]vault failed: Vault is unreachable, uninitialized or sealed\nreadyz check failed");
        } else if (serverTokenRefused.getAsBoolean()) {
            text(exchange, 503, "[-]vault-token failed: Vault does not accept the server's own token\nreadyz check failed");
        } else {
            text(exchange, 200, "ok");
        }
    }

    private void text(Exchange exchange, int code, String body) {
        responses.bytes(exchange.response(), code, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }
}
