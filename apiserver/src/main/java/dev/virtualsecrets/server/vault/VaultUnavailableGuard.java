package dev.virtualsecrets.server.vault;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Fails a Vault call at once, as a connection failure, while {@link VaultAvailability} knows Vault
 * cannot answer: callers get their 503 + Retry-After without waiting for the request timeout.
 */
final class VaultUnavailableGuard implements ClientHttpRequestInterceptor {

    static final String MESSAGE = "Vault is unavailable (sys/health)";

    private final BooleanSupplier available;

    VaultUnavailableGuard(BooleanSupplier available) {
        this.available = available;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (!available.getAsBoolean()) {
            throw new IOException(MESSAGE);
        }
        return execution.execute(request, body);
    }
}
