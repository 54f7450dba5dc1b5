package dev.virtualsecrets.server.endpoints.filters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.audit.VaultRequestIds;
import dev.virtualsecrets.server.testsupport.HelidonTestServer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditFilterTest {

    @Test
    void oneAuditLineAndOneMetricPerRequestWithTheResponseCodeAndTheVaultRequestIds() {
        try (HelidonTestServer server = new HelidonTestServer()) {
            server.start(routing -> routing
                    .addFilter(new RequestInfoFilter())
                    .addFilter(new AuditFilter(server.audit, server.metrics, Clock.systemUTC()))
                    .any((request, response) -> {
                        VaultRequestIds.current().record("vault-request-1");
                        response.status(201).send("made");
                    }));

            assertEquals(201, server.get("/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets").statusCode());

            List<JsonNode> records = server.auditRecords(1);
            assertEquals(1, records.size());
            JsonNode record = records.getFirst();
            assertEquals(201, record.path("code").asInt());
            assertEquals("list", record.path("verb").asText());
            assertEquals("demo", record.path("namespace").asText());
            assertEquals("system:anonymous", record.path("user").asText(), "no authentication filter ran");
            assertEquals("allow", record.path("decision").asText());
            assertEquals("vault-request-1", record.path("vaultRequestIds").path(0).asText());
            assertTrue(server.metrics.scrape().contains("code=\"201\",verb=\"list\""), server.metrics.scrape());
        }
    }
}
