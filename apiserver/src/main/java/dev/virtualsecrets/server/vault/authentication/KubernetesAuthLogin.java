package dev.virtualsecrets.server.vault.authentication;

import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultToken;

import java.time.Duration;

/** One login to Vault's kubernetes auth method: a ServiceAccount JWT for a role, a Vault token back. */
final class KubernetesAuthLogin {

    private KubernetesAuthLogin() {
    }

    /** Vault's failures propagate as Spring Vault reports them. */
    static VaultToken login(VaultOperations anonymousVault, String mount, String role, String jwt) {
        KubernetesAuthenticationOptions options = KubernetesAuthenticationOptions.builder()
                .path(mount).role(role).jwtSupplier(() -> jwt).build();
        return anonymousVault.doWithVault(rest -> new KubernetesAuthentication(options, rest).login());
    }

    /** The token's lease duration, when Vault gave one. */
    static Duration ttl(VaultToken token) {
        return token instanceof LoginToken login ? login.getLeaseDuration() : null;
    }
}
