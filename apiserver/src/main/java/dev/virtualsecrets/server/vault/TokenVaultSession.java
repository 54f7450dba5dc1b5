package dev.virtualsecrets.server.vault;

import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;
import org.springframework.web.client.HttpStatusCodeException;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link VaultSession} that sends one token with every call over the shared, session-less
 * Spring Vault client (one HTTP client and JSON mapper for all callers, not one per identity).
 * The token is obtained at the first call, so login failures surface where Vault failures do, and
 * obtained again when Vault answers 403 (it may have been replaced).
 * Every Vault request id goes to {@code requestIds} (the audit line of the API request that created
 * the session).
 */
public final class TokenVaultSession implements VaultSession {

    private static final String TOKEN_HEADER = "X-Vault-Token";

    private final VaultOperations vault;
    private final Supplier<String> token;
    private final Consumer<String> requestIds;
    private final BooleanSupplier serverTokenRefused;
    private final Consumer<String> refusedToken;
    private volatile String resolvedToken;

    public TokenVaultSession(VaultOperations sessionlessVault, Supplier<String> token, Consumer<String> requestIds) {
        this(sessionlessVault, token, requestIds, () -> false, null);
    }

    /**
     * @param serverTokenRefused asked when Vault answers 403: whether it refuses the server's own
     *                           token, which makes the 403 a {@link ServerTokenRefusedException}
     * @param refusedToken       null for a token that cannot be replaced (the server's); else told of a
     *                           token Vault no longer accepts (revoked, or Vault reset) when it answers
     *                           403 to it, after which the call is made once more with a new token
     */
    public TokenVaultSession(VaultOperations sessionlessVault, Supplier<String> token, Consumer<String> requestIds,
                             BooleanSupplier serverTokenRefused, Consumer<String> refusedToken) {
        this.vault = sessionlessVault;
        this.token = token;
        this.requestIds = requestIds;
        this.serverTokenRefused = serverTokenRefused;
        this.refusedToken = refusedToken;
    }

    @Override
    public VaultResponse read(String path) {
        return call(HttpMethod.GET, path, null, true);
    }

    @Override
    public VaultResponse write(String path, Map<String, ?> body) {
        return call(HttpMethod.POST, path, body, false);
    }

    @Override
    public List<String> list(String path) {
        VaultResponse response = call(HttpMethod.GET, path + "?list=true", null, true);
        if (response == null || response.getData() == null || !(response.getData().get("keys") instanceof List<?> keys)) {
            return List.of();
        }
        return keys.stream().map(String::valueOf).toList();
    }

    @Override
    public void delete(String path) {
        call(HttpMethod.DELETE, path, null, false);
    }

    @Override
    public List<String> capabilities(String path) {
        VaultResponse response = call(HttpMethod.POST, "sys/capabilities-self", Map.of("paths", List.of(path)), false);
        Map<String, Object> data = response == null ? null : response.getData();
        Object capabilities = data == null ? null : data.getOrDefault(path, data.get("capabilities"));
        return capabilities instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of("deny");
    }

    private VaultResponse call(HttpMethod method, String path, Object body, boolean notFoundIsNull) {
        try {
            return callOnce(method, path, body, notFoundIsNull);
        } catch (RuntimeException e) {
            if (!isRefusal(e)) {
                throw e;
            }
            if (serverTokenRefused.getAsBoolean()) {
                throw new ServerTokenRefusedException();
            }
            String refused = resolvedToken;
            resolvedToken = null;
            if (!token().equals(refused)) {
                return callOnce(method, path, body, notFoundIsNull); // the token was replaced meanwhile
            }
            if (refusedToken == null || accepted(refused)) {
                throw e; // the policy's answer
            }
            refusedToken.accept(refused);
            resolvedToken = null;
            return callOnce(method, path, body, notFoundIsNull);
        }
    }

    private VaultResponse callOnce(HttpMethod method, String path, Object body, boolean notFoundIsNull) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(TOKEN_HEADER, token());
        HttpEntity<Object> request = new HttpEntity<>(body, headers);
        return vault.doWithVault(rest -> {
            try {
                VaultResponse response = rest.exchange(path, method, request, VaultResponse.class).getBody();
                if (response != null) {
                    requestIds.accept(response.getRequestId());
                }
                return response;
            } catch (HttpStatusCodeException e) {
                if (notFoundIsNull && e.getStatusCode().value() == 404) {
                    return null;
                }
                throw e;
            }
        });
    }

    /** Whether Vault still accepts {@code candidate} (unknown counts as accepted: the 403 stands). */
    private boolean accepted(String candidate) {
        return !Boolean.FALSE.equals(accepts(vault, candidate));
    }

    /**
     * Whether Vault accepts {@code token}, asked with {@code auth/token/lookup-self} (in every token's
     * default policy): true, false when it refuses it, null when it did not answer.
     */
    static Boolean accepts(VaultOperations vault, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(TOKEN_HEADER, token);
        try {
            vault.doWithVault(rest -> rest.exchange("auth/token/lookup-self", HttpMethod.GET, new HttpEntity<>(headers),
                    VaultResponse.class));
            return true;
        } catch (RuntimeException e) {
            return isRefusal(e) ? Boolean.FALSE : null;
        }
    }

    /** Vault answered 403 (or 401): permission denied, or a token it does not know. */
    private static boolean isRefusal(RuntimeException failure) {
        return VaultErrors.httpStatus(failure).filter(code -> code == 403 || code == 401).isPresent();
    }

    private String token() {
        String current = resolvedToken;
        if (current == null) {
            current = token.get();
            resolvedToken = current;
        }
        return current;
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "TokenVaultSession[token=<redacted>]";
    }
}
