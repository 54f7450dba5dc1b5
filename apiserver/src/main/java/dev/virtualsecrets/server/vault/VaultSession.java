package dev.virtualsecrets.server.vault;

import org.springframework.vault.support.VaultResponse;

import java.util.List;
import java.util.Map;

/**
 * Vault's generic operations under one identity (a caller's token, or the server's). Paths are
 * relative to {@code /v1/}. Failures are Spring's {@code HttpStatusCodeException} (Vault answered)
 * or {@code ResourceAccessException} (it did not); map them with {@link VaultErrors}.
 */
public interface VaultSession {

    /** The response, or null when Vault answers 404. */
    VaultResponse read(String path);

    /** The response (null for 204 No Content). */
    VaultResponse write(String path, Map<String, ?> body);

    /** The keys under a folder; empty when the folder does not exist. */
    List<String> list(String path);

    void delete(String path);

    /** This identity's capabilities on a path ({@code sys/capabilities-self}), e.g. [read, list] or [deny]. */
    List<String> capabilities(String path);
}
