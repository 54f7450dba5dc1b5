package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.DevCluster;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When Vault no longer accepts the server's own token (Vault reset, or the token revoked), callers
 * who need it (a user the server has no Vault token for yet) get 503 naming that cause instead of
 * a 403 blaming their Vault policy, and /vaultz says so (the server stays ready); callers whose tokens do not depend
 * on it still read. A new token in {@code vault.tokenFile} is picked up and everything works again.
 */
class ServerTokenRefusedIT {

    private static final String ITEM = ApiClient.item("demo", "app-credentials");
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Test
    void aRefusedServerTokenIs503WithItsCauseUntilANewOneIsInTheTokenFile() throws Exception {
        DevCluster.shared().assumeServerProcess("replaces the process's token file");
        DevCluster cluster = DevCluster.shared();
        ApiClient admin = new ApiClient(cluster.kubeHttpClient("admin"), cluster.apiServer());
        ApiClient app = new ApiClient(cluster.kubeHttpClient(null), cluster.apiServer())
                .withBearerToken(cluster.serviceAccountToken("demo", "app"));
        ApiClient direct = new ApiClient(cluster.serverHttpClient(cluster.pki("admin.crt"), cluster.pki("admin.key")),
                cluster.server());
        assertEquals(200, admin.get(ITEM).statusCode(), "admin's Vault token (made with the server's) is cached");
        assertEquals(200, app.get(ITEM).statusCode());
        // A user the server has no Vault token for yet: it makes one with its own token.
        String[] newcomer = {"Impersonate-User", "newcomer-" + java.util.UUID.randomUUID().toString().substring(0, 8),
                "Impersonate-Group", "system:masters"};

        cluster.bao("token", "revoke", cluster.serverVaultToken());
        HttpResponse<String> refused = await(() -> admin.get(ITEM, newcomer), response -> response.statusCode() == 503);
        assertEquals("ServiceUnavailable", ApiClient.json(refused).path("reason").asText(),
                ApiClient.describe(refused.body()));
        assertTrue(ApiClient.json(refused).path("message").asText().contains("does not accept the server's own Vault token"),
                refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        HttpResponse<String> vault = await(() -> direct.get("/vaultz"), response -> response.statusCode() == 503);
        assertTrue(vault.body().contains("[-]vault-token failed"), vault.body());
        assertEquals(200, direct.get("/readyz").statusCode(), "readiness does not depend on Vault");
        assertEquals(200, app.get(ITEM).statusCode(), "a ServiceAccount's own login does not depend on the server's token");
        assertEquals(200, admin.get(ITEM).statusCode(), "nor a token made before");

        String fresh = cluster.bao("token", "create", "-policy=virtualsecrets-server", "-orphan", "-period=24h",
                "-field=token").trim();
        Path tokenFile = cluster.state().resolve("server-vault-token");
        Files.writeString(tokenFile, fresh);
        await(() -> direct.get("/vaultz"), response -> response.statusCode() == 200);
        HttpResponse<String> again = await(() -> admin.get(ITEM, newcomer), response -> response.statusCode() == 200);
        assertEquals("app-credentials", ApiClient.json(again).at("/metadata/name").asText());
    }

    private static HttpResponse<String> await(Supplier<HttpResponse<String>> request,
                                              java.util.function.Predicate<HttpResponse<String>> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        HttpResponse<String> last;
        do {
            last = request.get();
            if (expected.test(last)) {
                return last;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not within " + WITHIN + ": last answer " + last.statusCode() + " "
                + ApiClient.describe(last.body()));
    }
}
