package dev.virtualsecrets.server.vault.authentication;

import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultToken;
import org.springframework.web.client.RestOperations;

import java.time.Duration;

/** One login to Vault's kubernetes auth method: a ServiceAccount JWT for a role, a Vault token back. */
final class KubernetesAuthLogin {

    private KubernetesAuthLogin() {
    }

    /** Vault's failures propagate as Spring Vault reports them. */
    static VaultToken login(VaultOperations anonymousVault, String mount, String role, String jwt) {
        return anonymousVault.doWithVault(rest -> login(rest, mount, role, jwt));
    }

    /** The same over Vault's API without a token (the server's session manager has no VaultOperations). */
    static VaultToken login(RestOperations anonymousVault, String mount, String role, String jwt) {
        KubernetesAuthenticationOptions options = KubernetesAuthenticationOptions.builder()
                .path(mount).role(role).jwtSupplier(() -> jwt).build();
        return new KubernetesAuthentication(options, anonymousVault).login();
    }

    /** The token's lease duration, when Vault gave one. */
    static Duration ttl(VaultToken token) {
        return token instanceof LoginToken login ? login.getLeaseDuration() : null;
    }
}
