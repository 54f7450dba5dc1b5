package dev.virtualsecrets.server.vault.authentication;

import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.VaultSession;
import org.springframework.vault.support.VaultResponse;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A user caller's Vault token, created with the server's token through a token role
 * ({@code auth/token/create/<role>}, which must list the user's policies in allowed_policies and
 * allow entity aliases): {@code entity_alias} = the Kubernetes user name, so Vault's identity and
 * audit log name the real caller; policies mapped from the user's Kubernetes groups.
 *
 * <p>Policies are always sent explicitly: Vault gives a token created through a role without
 * policies every policy the role allows. A user whose groups map to nothing gets {@code default}.
 */
public final class UserTokenIssuer implements VaultTokenSource {

    static final String DEFAULT_POLICY = "default";

    private final VaultSession serverVault;
    private final String tokenRole;
    private final Duration ttl;
    private final Map<String, List<String>> groupPolicies;
    private final Clock clock;

    public UserTokenIssuer(VaultSession serverVault, String tokenRole, Duration ttl,
                           Map<String, List<String>> groupPolicies, Clock clock) {
        this.serverVault = serverVault;
        this.tokenRole = tokenRole;
        this.ttl = ttl;
        this.groupPolicies = Map.copyOf(groupPolicies);
        this.clock = clock;
    }

    /** The Vault policies a caller's groups map to, sorted; {@code [default]} when none. */
    public List<String> policies(CallerIdentity caller) {
        TreeSet<String> policies = new TreeSet<>();
        for (String group : caller.groups()) {
            policies.addAll(groupPolicies.getOrDefault(group, List.of()));
        }
        return policies.isEmpty() ? List.of(DEFAULT_POLICY) : new ArrayList<>(policies);
    }

    @Override
    public CallerToken issue(CallerIdentity caller) {
        Map<String, Object> request = Map.of(
                "entity_alias", caller.user(),
                "policies", policies(caller),
                "display_name", caller.user(),
                "meta", Map.of("kubernetes_user", caller.user()),
                "ttl", ttl.toSeconds() + "s",
                "renewable", false);
        VaultResponse response;
        try {
            response = serverVault.write("auth/token/create/" + tokenRole, request);
        } catch (RuntimeException e) {
            throw CallerLoginException.of(e, "Vault's token role \"" + tokenRole
                    + "\" refused a token for user " + caller.user());
        }
        Map<String, Object> auth = response == null ? null : response.getAuth();
        if (auth == null || !(auth.get("client_token") instanceof String token)) {
            throw new CallerLoginException(CallerLoginException.Reason.VAULT_UNAVAILABLE,
                    "Vault answered a token request without a token");
        }
        long seconds = auth.get("lease_duration") instanceof Number n ? n.longValue() : 0;
        return CallerToken.issued(token, Duration.ofSeconds(seconds), clock);
    }
}
