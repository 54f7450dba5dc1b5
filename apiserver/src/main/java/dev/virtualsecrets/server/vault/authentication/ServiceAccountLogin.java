package dev.virtualsecrets.server.vault.authentication;

import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.ServerTokenRefusedException;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultToken;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A ServiceAccount caller's Vault token: a TokenRequest for that ServiceAccount (audience and
 * expiry from the config), then a login to Vault's kubernetes auth method with the role the
 * template names, e.g. {@code {namespace}-{serviceaccount}} → {@code demo-app}. Vault's audit
 * log then records the ServiceAccount's namespace and name.
 */
public final class ServiceAccountLogin implements VaultTokenSource {

    /**
     * kube-apiserver's TokenRequest: a token for the ServiceAccount, for one audience. Failures are
     * {@link TokenRequestException}s.
     */
    @FunctionalInterface
    public interface TokenRequester {
        String requestToken(String namespace, String serviceAccount, String audience, Duration expiration);
    }

    /** The TokenRequest failed; the message names the request and its status code, nothing else. */
    public static final class TokenRequestException extends RuntimeException {
        public TokenRequestException(String message) {
            super(message, null, false, false);
        }
    }

    private final TokenRequester tokens;
    private final VaultOperations anonymousVault;
    private final String authMount;
    private final String roleTemplate;
    private final String audience;
    private final Duration expiration;
    private final Clock clock;
    private final BooleanSupplier serverTokenRefused;

    /**
     * @param serverTokenRefused asked when Vault refuses a login: whether it refuses the server's own
     *                           token too (Vault reset), which is then the cause reported
     */
    public ServiceAccountLogin(TokenRequester tokens, VaultOperations anonymousVault, String authMount,
                               String roleTemplate, String audience, Duration expiration, Clock clock,
                               BooleanSupplier serverTokenRefused) {
        this.serverTokenRefused = serverTokenRefused;
        this.tokens = tokens;
        this.anonymousVault = anonymousVault;
        this.authMount = authMount;
        this.roleTemplate = roleTemplate;
        this.audience = audience;
        this.expiration = expiration;
        this.clock = clock;
    }

    /** The Vault role for a ServiceAccount: the template with {namespace} and {serviceaccount} replaced. */
    public String role(ServiceAccountName account) {
        return roleTemplate.replace("{namespace}", account.namespace()).replace("{serviceaccount}", account.name());
    }

    @Override
    public CallerToken issue(CallerIdentity caller) {
        ServiceAccountName account = ServiceAccountName.parse(caller.user())
                .orElseThrow(() -> new IllegalArgumentException("not a ServiceAccount: " + caller.user()));
        String jwt;
        try {
            jwt = tokens.requestToken(account.namespace(), account.name(), audience, expiration);
        } catch (TokenRequestException e) {
            throw new CallerLoginException(CallerLoginException.Reason.TOKEN_REQUEST_FAILED,
                    "the server could not request a token for ServiceAccount " + account.namespace() + "/"
                            + account.name() + " (" + e.getMessage() + "; it needs create on serviceaccounts/token)");
        }
        String role = role(account);
        VaultToken token;
        try {
            token = KubernetesAuthLogin.login(anonymousVault, authMount, role, jwt);
        } catch (RuntimeException e) {
            CallerLoginException failure = CallerLoginException.of(e, "Vault's kubernetes auth refused ServiceAccount "
                    + account.namespace() + "/" + account.name() + " (role \"" + role + "\")");
            if (failure.reason() == CallerLoginException.Reason.VAULT_REFUSED && serverTokenRefused.getAsBoolean()) {
                failure = new CallerLoginException(CallerLoginException.Reason.SERVER_TOKEN_REFUSED,
                        ServerTokenRefusedException.MESSAGE);
            }
            throw failure;
        }
        Duration ttl = KubernetesAuthLogin.ttl(token);
        return CallerToken.issued(token.getToken(), ttl == null ? Duration.ZERO : ttl, clock);
    }
}
