package dev.virtualsecrets.server.vault.lease;

import java.util.Map;

/**
 * How to obtain one dynamic secret from Vault: a read of {@code path} (database credentials), or a
 * write of {@code body} to it (a PKI certificate). Paths are relative to {@code /v1/}.
 */
public record LeaseRequest(String path, Map<String, Object> body) {

    public LeaseRequest {
        body = body == null ? null : Map.copyOf(body);
    }

    public static LeaseRequest read(String path) {
        return new LeaseRequest(path, null);
    }

    public static LeaseRequest write(String path, Map<String, Object> body) {
        return new LeaseRequest(path, body);
    }
}
