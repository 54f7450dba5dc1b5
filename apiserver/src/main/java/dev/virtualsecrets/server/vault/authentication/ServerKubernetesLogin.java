package dev.virtualsecrets.server.vault.authentication;

import dev.virtualsecrets.server.vault.ServerTokenSource;
import dev.virtualsecrets.server.vault.VaultErrors;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server's own Vault token from a login to Vault's kubernetes auth method with the pod's
 * ServiceAccount token ({@code vault.kubernetesLogin}): a projected token file the kubelet
 * rotates, read again at every login, so no long-lived Vault token is stored anywhere.
 */
public final class ServerKubernetesLogin implements ServerTokenSource {

    private final VaultOperations anonymousVault;
    private final String mount;
    private final String role;
    private final Path jwtFile;

    public ServerKubernetesLogin(VaultOperations anonymousVault, String mount, String role, Path jwtFile) {
        this.anonymousVault = anonymousVault;
        this.mount = mount;
        this.role = role;
        this.jwtFile = jwtFile;
    }

    @Override
    public Fetched fetch() {
        String jwt;
        try {
            jwt = Files.readString(jwtFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new FetchException("cannot read the ServiceAccount token " + jwtFile + ": " + e.getClass().getSimpleName());
        }
        VaultToken token;
        try {
            token = KubernetesAuthLogin.login(anonymousVault, mount, role, jwt);
        } catch (RuntimeException e) {
            throw new FetchException("the server's login to Vault's kubernetes auth (" + mount + ", role \"" + role + "\") failed: "
                    + VaultErrors.httpStatus(e).map(status -> "Vault answered " + status).orElse("Vault is unreachable"));
        }
        return new Fetched(token.getToken(), KubernetesAuthLogin.ttl(token));
    }

    @Override
    public String toString() {
        return "kubernetes login (" + mount + ", role \"" + role + "\", " + jwtFile + ")";
    }
}
