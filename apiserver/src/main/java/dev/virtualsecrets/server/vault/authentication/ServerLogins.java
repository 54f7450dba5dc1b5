package dev.virtualsecrets.server.vault.authentication;

import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.authentication.VaultLoginException;
import org.springframework.vault.support.VaultToken;
import org.springframework.web.client.RestOperations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server's own logins to Vault, as Spring Vault {@link ClientAuthentication}s for its session
 * manager: the kubernetes auth method with the pod's projected ServiceAccount token, AppRole, or a
 * token. Every file is read again at each login (the kubelet rotates projected tokens; an
 * operator or a Vault agent may write a new secret id or token). Failures name the method and the
 * file, never a credential.
 */
public final class ServerLogins {

    private ServerLogins() {
    }

    /** {@code vault.kubernetesLogin}: the ServiceAccount token in {@code jwtFile} for {@code role}. */
    public static ClientAuthentication kubernetes(RestOperations vault, String mount, String role, Path jwtFile) {
        return () -> KubernetesAuthLogin.login(vault, mount, role, read(jwtFile, "the ServiceAccount token"));
    }

    /** {@code vault.appRole}: {@code roleId} and the secret id in {@code secretIdFile}. */
    public static ClientAuthentication appRole(RestOperations vault, String mount, String roleId, Path secretIdFile) {
        return () -> {
            String secretId = read(secretIdFile, "the AppRole secret id");
            return new AppRoleAuthentication(AppRoleAuthenticationOptions.builder().path(mount)
                    .roleId(AppRoleAuthenticationOptions.RoleId.provided(roleId))
                    .secretId(AppRoleAuthenticationOptions.SecretId.provided(secretId)).build(), vault).login();
        };
    }

    /**
     * {@code vault.tokenFile} (read at each login) or {@code vault.token}: the token as it is; the
     * session manager looks it up to learn its TTL and renews it, and never revokes it.
     */
    public static ClientAuthentication token(String token, Path file) {
        return () -> VaultToken.of(file != null ? read(file, "the Vault token") : token);
    }

    private static String read(Path file, String what) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (content.isEmpty()) {
                throw new VaultLoginException(file + " (" + what + ") is empty");
            }
            return content;
        } catch (IOException e) {
            throw new VaultLoginException("cannot read " + what + " " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
