package dev.virtualsecrets.server;

import dev.virtualsecrets.server.config.ConfigException;
import dev.virtualsecrets.server.config.ConfigLoader;
import dev.virtualsecrets.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletedConfigTest {

    private static final String TOKEN = "s.token-canary-5e1f";

    private static ServerConfig load(Map<String, String> env) {
        return new ConfigLoader().load(null, env);
    }

    @Test
    void everyProblemIsReportedAtOnceBeforeAnythingIsWired() {
        ServerConfig config = load(Map.of(
                "VIRTUALSECRETS_SOURCES_KV_PATH_TEMPLATE", "kubernetes/{name}",
                "VIRTUALSECRETS_SOURCES_DATABASE_ENABLED", "true",
                "VIRTUALSECRETS_SOURCES_DATABASE_NAME_PATTERN", "db",
                "VIRTUALSECRETS_LEASES_REPLICA_ID", "../other"));

        ConfigException problems = assertThrows(ConfigException.class, () -> CompletedConfig.complete(config));

        String message = problems.getMessage();
        assertTrue(message.contains("VIRTUALSECRETS_VAULT_TOKEN"), message);
        assertTrue(message.contains("sources.kv: KV v2 path template must contain {namespace}"), message);
        assertTrue(message.contains("sources.database: name pattern must contain {suffix}"), message);
        assertTrue(message.contains("leases.replicaId: invalid lease replicaId"), message);
    }

    @Test
    void aCompleteConfigurationCarriesTheTokenButNeverPrintsIt() {
        CompletedConfig completed = CompletedConfig.complete(load(Map.of("VIRTUALSECRETS_VAULT_TOKEN", TOKEN)));

        assertEquals(TOKEN, completed.vaultToken());
        assertEquals("secret", completed.kv().mount());
        assertFalse(completed.toString().contains(TOKEN), completed.toString());
    }
}
