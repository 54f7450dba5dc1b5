package dev.virtualsecrets.server.vault;

import dev.virtualsecrets.server.testsupport.OpenBaoDevServer;
import dev.virtualsecrets.server.vault.authentication.ServerLogins;
import dev.virtualsecrets.server.testsupport.OpenBaoExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.vault.core.VaultTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refused tokens against a real OpenBao: the server's (503 cause, reload from its file) and a caller's (new login). */
@ExtendWith(OpenBaoExtension.class)
class TokenVaultSessionIT {

    private static final String PATH = "secret/data/token-check/x";

    private final OpenBaoDevServer bao;
    private final VaultTemplate root;
    private final VaultTemplate sessionless;

    TokenVaultSessionIT(OpenBaoDevServer bao) {
        this.bao = bao;
        this.root = bao.template();
        this.sessionless = VaultClients.sessionless(bao.settings());
    }

    @BeforeEach
    void aSecretAndAPolicy() {
        root.write(PATH, Map.of("data", Map.of("k", "v")));
        root.opsForSys().createOrUpdatePolicy("token-check-read",
                org.springframework.vault.support.Policy.of(org.springframework.vault.support.Policy.Rule.builder()
                        .path(PATH).capabilities(org.springframework.vault.support.Policy.BuiltinCapabilities.READ)
                        .build()));
    }

    private String token(String policy) {
        return root.opsForToken().create(org.springframework.vault.support.VaultTokenRequest.builder()
                .withPolicy(policy).build()).getToken().getToken();
    }

    private void revoke(String token) {
        root.write("auth/token/revoke", Map.of("token", token));
    }

    @Test
    void aRevokedServerTokenIsItsOwnFailureAndANewOneInTheFileIsPickedUp(@TempDir Path dir) throws Exception {
        String first = token("token-check-read");
        Path file = dir.resolve("token");
        Files.writeString(file, first);
        ServerToken serverToken = new ServerToken(ServerLogins.token(null, file),
                VaultClients.rest(bao.settings(), VaultClients.requestFactory(bao.settings())));
        ServerTokenCheck check = new ServerTokenCheck(sessionless, serverToken);
        TokenVaultSession session = new TokenVaultSession(sessionless, serverToken, id -> { }, check::recheck, null);
        assertEquals("v", ((Map<?, ?>) session.read(PATH).getData().get("data")).get("k"));
        check.check();
        assertFalse(check.refused());

        revoke(first);
        Thread.sleep(1_100); // a 403 asks Vault about the server's token at most once a second
        assertThrows(ServerTokenRefusedException.class, () -> session.read(PATH));
        assertTrue(check.refused());

        String second = token("token-check-read");
        Files.writeString(file, second);
        check.check();
        assertFalse(check.refused(), "the new token in the file is read and accepted");
        assertEquals("v", ((Map<?, ?>) session.read(PATH).getData().get("data")).get("k"),
                "the long-lived session uses the new token");
    }

    @Test
    void aCallersRevokedTokenIsForgottenAndTheCallMadeAgainWithANewOne() {
        AtomicReference<String> current = new AtomicReference<>(token("token-check-read"));
        List<String> forgotten = new ArrayList<>();
        String revoked = current.get();
        revoke(revoked);
        TokenVaultSession session = new TokenVaultSession(sessionless, current::get, id -> { }, () -> false,
                refused -> {
                    forgotten.add(refused);
                    current.set(token("token-check-read"));
                });
        assertEquals("v", ((Map<?, ?>) session.read(PATH).getData().get("data")).get("k"));
        assertEquals(List.of(revoked), forgotten);
    }

    @Test
    void aPolicyDenialStaysA403AndKeepsTheToken() {
        String valid = token("default");
        List<String> forgotten = new ArrayList<>();
        TokenVaultSession session = new TokenVaultSession(sessionless, () -> valid, id -> { }, () -> false,
                forgotten::add);
        RuntimeException denied = assertThrows(RuntimeException.class, () -> session.read(PATH));
        assertEquals(403, VaultErrors.httpStatus(denied).orElse(0));
        assertEquals(List.of(), forgotten);
    }
}
