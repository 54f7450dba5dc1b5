package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.DevCluster;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's own token with a 30 s TTL keeps working for 3 minutes: the session manager renews
 * it before it expires. Every round a user the server has never seen reads, which needs the
 * server's token (it creates that user's Vault token).
 */
class ShortLivedServerTokenIT {

    private static final String ITEM = ApiClient.item("demo", "app-credentials");
    private static final Duration RUN = Duration.ofMinutes(3);
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aThirtySecondServerTokenIsRenewedForThreeMinutes() throws Exception {
        DevCluster cluster = DevCluster.shared();
        cluster.assumeServerProcess("replaces the process's token file");
        ApiClient admin = new ApiClient(cluster.kubeHttpClient("admin"), cluster.apiServer());
        ApiClient direct = new ApiClient(cluster.serverHttpClient(cluster.pki("admin.crt"), cluster.pki("admin.key")),
                cluster.server());
        Path tokenFile = cluster.state().resolve("server-vault-token");
        String before = cluster.serverVaultToken();
        String shortLived = cluster.bao("token", "create", "-policy=virtualsecrets-server", "-orphan", "-ttl=30s",
                "-field=token").trim();
        Files.writeString(tokenFile, shortLived);
        cluster.bao("token", "revoke", before); // refused: the server reads its file again
        try {
            awaitNewcomerRead(admin);
            long end = System.nanoTime() + RUN.toNanos();
            int rounds = 0;
            while (System.nanoTime() < end) {
                HttpResponse<String> read = admin.get(ITEM, newcomer());
                assertEquals(200, read.statusCode(), "round " + rounds + ": " + ApiClient.describe(read.body()));
                assertEquals(200, direct.get("/vaultz").statusCode(), "round " + rounds);
                rounds++;
                Thread.sleep(10_000);
            }
            JsonNode lookup = JSON.readTree(cluster.bao("token", "lookup", "-format=json", shortLived)).path("data");
            assertTrue(lookup.path("ttl").asLong() > 0, "still alive after " + RUN + ": " + lookup.path("ttl"));
            assertEquals(30, lookup.path("creation_ttl").asLong(), "a 30 s token, alive only because it was renewed");
            assertTrue(rounds >= 15, rounds + " rounds");
        } finally {
            String lasting = cluster.bao("token", "create", "-policy=virtualsecrets-server", "-orphan", "-period=24h",
                    "-field=token").trim();
            Files.writeString(tokenFile, lasting);
            cluster.bao("token", "revoke", shortLived);
        }
        awaitNewcomerRead(admin);
    }

    private static String[] newcomer() {
        return new String[]{"Impersonate-User", "newcomer-" + UUID.randomUUID().toString().substring(0, 8),
                "Impersonate-Group", "system:masters"};
    }

    private static void awaitNewcomerRead(ApiClient admin) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        HttpResponse<String> last;
        do {
            last = admin.get(ITEM, newcomer());
            if (last.statusCode() == 200) {
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no read within " + WITHIN + ": " + last.statusCode() + " "
                + ApiClient.describe(last.body()));
    }
}
