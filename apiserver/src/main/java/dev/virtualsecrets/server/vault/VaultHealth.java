package dev.virtualsecrets.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Probes Vault's unauthenticated {@code sys/health}. That endpoint encodes the state in the status
 * code (429 standby, 472/473 DR/performance standby, 501 uninitialized, 503 sealed), so every
 * status is an answer read from the body; only a failed exchange means unreachable. Bounded by the
 * request factory's connect and read timeouts.
 */
public final class VaultHealth {

    private final RestClient client;
    private final ObjectMapper json = new ObjectMapper();

    public VaultHealth(VaultClients.Settings settings) {
        this(settings, VaultClients.requestFactory(settings));
    }

    VaultHealth(VaultClients.Settings settings, ClientHttpRequestFactory requestFactory) {
        this.client = RestClient.builder()
                .baseUrl(settings.address().toString())
                .requestFactory(requestFactory)
                .build();
    }

    public VaultHealthStatus check() {
        try {
            String body = client.get()
                    .uri("/v1/sys/health")
                    .exchange((request, response) -> new String(response.getBody().readAllBytes(),
                            StandardCharsets.UTF_8));
            JsonNode health = json.readTree(body);
            return new VaultHealthStatus(true,
                    health.path("initialized").asBoolean(false),
                    health.path("sealed").asBoolean(true),
                    health.path("version").isTextual() ? health.path("version").asText() : null);
        } catch (RestClientException | IOException e) {
            return VaultHealthStatus.unreachable();
        }
    }
}
