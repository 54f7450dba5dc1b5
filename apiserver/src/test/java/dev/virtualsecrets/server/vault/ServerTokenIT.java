package dev.virtualsecrets.server.vault;

import dev.virtualsecrets.server.testsupport.OpenBaoDevServer;
import dev.virtualsecrets.server.testsupport.OpenBaoExtension;
import dev.virtualsecrets.server.vault.authentication.ServerLogins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultTokenRequest;
import org.springframework.web.client.RestOperations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's own Vault token through Spring Vault's session manager against a real OpenBao:
 * renewed before it expires, a login again once its max TTL ends it, a new login after a refusal,
 * and revoked at close only when the server made it.
 */
@ExtendWith(OpenBaoExtension.class)
class ServerTokenIT {

    private final VaultTemplate root;
    private final VaultTemplate sessionless;
    private final RestOperations rest;

    ServerTokenIT(OpenBaoDevServer bao) {
        this.root = bao.template();
        this.sessionless = VaultClients.sessionless(bao.settings());
        this.rest = VaultClients.rest(bao.settings(), VaultClients.requestFactory(bao.settings()));
    }

    @Test
    void aConfiguredTokenWithAShortTtlIsRenewedAndNeverRevoked(@TempDir Path dir) throws Exception {
        String configured = root.opsForToken().create(VaultTokenRequest.builder().withPolicy("default")
                .ttl(Duration.ofSeconds(10)).renewable().build()).getToken().getToken();
        Path file = dir.resolve("token");
        Files.writeString(file, configured);
        ServerToken token = new ServerToken(ServerLogins.token(null, file), rest);
        assertEquals(configured, token.get());

        Thread.sleep(25_000); // 2.5 TTLs: alive only if renewed
        assertEquals(Boolean.TRUE, TokenVaultSession.accepts(sessionless, configured), "renewed");
        assertEquals(configured, token.get(), "the same token, renewed");

        token.close();
        assertEquals(Boolean.TRUE, TokenVaultSession.accepts(sessionless, configured), "not the server's to revoke");
        assertFalse(token.toString().contains(configured));
    }

    @Test
    void anAppRoleLoginIsRenewedThenMadeAgainAtItsMaxTtlAndAfterARefusal(@TempDir Path dir) throws Exception {
        if (!root.opsForSys().getAuthMounts().containsKey("approle/")) {
            root.opsForSys().authMount("approle", VaultMount.create("approle"));
        }
        root.write("auth/approle/role/server-token-it", Map.of("token_ttl", "8s", "token_max_ttl", "20s",
                "token_policies", "default"));
        String roleId = String.valueOf(root.read("auth/approle/role/server-token-it/role-id").getData().get("role_id"));
        VaultResponse secret = root.write("auth/approle/role/server-token-it/secret-id", Map.of());
        Path secretIdFile = dir.resolve("secret-id");
        Files.writeString(secretIdFile, String.valueOf(secret.getData().get("secret_id")));
        ServerToken token = new ServerToken(ServerLogins.appRole(rest, "approle", roleId, secretIdFile), rest);

        String first = token.get();
        assertTrue(first.length() > 10, "logged in");
        Thread.sleep(12_000);
        assertEquals(first, token.get(), "renewed past its 8 s TTL");
        Thread.sleep(12_000);
        String second = token.get();
        assertNotEquals(first, second, "its 20 s max TTL ended it: a new login");
        assertEquals(Boolean.TRUE, TokenVaultSession.accepts(sessionless, second));

        root.write("auth/token/revoke", Map.of("token", second));
        assertTrue(token.reload(), "a refused token is dropped and the server logs in again");
        String third = token.get();
        assertNotEquals(second, third);
        assertEquals(Boolean.TRUE, TokenVaultSession.accepts(sessionless, third));

        token.close();
        assertEquals(Boolean.FALSE, TokenVaultSession.accepts(sessionless, third), "the server's login is revoked at close");
    }
}
