package dev.virtualsecrets.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.Canaries;
import dev.virtualsecrets.server.testsupport.Psql;
import dev.virtualsecrets.server.testsupport.TestPostgres;
import dev.virtualsecrets.server.testsupport.VirtualSecretsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.vault.core.VaultTemplate;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leases nobody uses are revoked: the direct server ({@code leases.idleTimeout: 3s}) issues
 * database credentials from its OpenBao's database engine, connected to a real PostgreSQL
 * ({@link TestPostgres}: a container, or the local stack's). Without reads they stop working after
 * the idle timeout; an open watch by the same caller keeps them, until it closes.
 */
class IdleLeasesIT {

    private static final String NS = "idle";
    private static final Duration PAST_IDLE_TIMEOUT = Duration.ofSeconds(6);

    private static VirtualSecretsServer server;
    private static ApiClient admin;
    private static String postgresPort;

    record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + "]";
        }
    }

    @BeforeAll
    static void databaseEngine() {
        TestPostgres postgres = TestPostgres.shared();
        postgresPort = postgres.port();
        server = VirtualSecretsServer.shared();
        admin = new ApiClient(server.adminHttpClient(), server.baseUri());
        VaultTemplate vault = server.vault().template();
        if (!vault.opsForSys().getMounts().containsKey("database/")) {
            vault.write("sys/mounts/database", Map.of("type", "database"));
        }
        vault.write("database/config/postgres", Map.of(
                "plugin_name", "postgresql-database-plugin",
                "connection_url", "postgresql://{{username}}:{{password}}@127.0.0.1:" + postgresPort
                        + "/demo?sslmode=disable",
                "username", "vault",
                "password", postgres.password(),
                "allowed_roles", "*"));
        vault.write("database/roles/" + NS + "-app", Map.of(
                "db_name", "postgres",
                "creation_statements", List.of("CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' "
                        + "VALID UNTIL '{{expiration}}'; GRANT CONNECT ON DATABASE demo TO \"{{name}}\";"),
                "default_ttl", "1h",
                "max_ttl", "2h"));
    }

    @Test
    void credentialsNobodyReadsAreRevokedAfterTheIdleTimeout() throws InterruptedException {
        Credentials credentials = read("db-app");
        assertTrue(logsIn(credentials));
        assertEquals(credentials, read("db-app"), "read again within the idle timeout: the same lease");

        Thread.sleep(PAST_IDLE_TIMEOUT.toMillis());

        assertFalse(logsIn(credentials), "the idle lease was revoked");
        List<String> names = ApiClient.json(admin.get(ApiClient.collection(NS))).path("items").findValuesAsText("name");
        assertFalse(names.contains("db-app"), "an idle lease is no longer listed: " + names);
    }

    @Test
    void anOpenWatchByTheSameCallerKeepsTheLease() throws Exception {
        HttpResponse<InputStream> watch = admin.send(admin.request(ApiClient.collection(NS)
                        + "?watch=true&allowWatchBookmarks=true&fieldSelector=metadata.name%3Ddb-app").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, watch.statusCode());
        Credentials credentials;
        try (BufferedReader events = new BufferedReader(new InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
            // The watch of one dynamic secret issues it, as a get does.
            String added = events.readLine();
            assertTrue(added.startsWith("{\"type\":\"ADDED\""), added);
            credentials = read("db-app");

            Thread.sleep(PAST_IDLE_TIMEOUT.toMillis());
            assertTrue(logsIn(credentials), "watched, so not idle");
        }
        // The server notices the closed watch at its next bookmark (2 s), then the lease idles.
        Thread.sleep(PAST_IDLE_TIMEOUT.plusSeconds(2).toMillis());
        assertFalse(logsIn(credentials), "no longer watched, so revoked when idle");
    }

    private static Credentials read(String name) {
        HttpResponse<String> response = admin.get(ApiClient.item(NS, name));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode data = ApiClient.json(response).path("data");
        Credentials credentials = new Credentials(decode(data.path("username").asText()),
                decode(data.path("password").asText()));
        Canaries.register(credentials.password());
        return credentials;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static boolean logsIn(Credentials credentials) {
        return Psql.canLogIn(postgresPort, credentials.username(), credentials.password());
    }
}
