package dev.virtualsecrets.server.endpoints.filters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.authn.AuthenticationChain;
import dev.virtualsecrets.server.testsupport.HelidonTestServer;
import dev.virtualsecrets.server.user.CallerIdentity;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuthenticationFilterTest {

    private static final String RESOURCE = "/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets";

    /** Recognises "Authorization: Bearer alice-token" as alice, nothing else. */
    private static final AuthenticationChain ALICE_ONLY = new AuthenticationChain(List.of(request ->
            request.headers().getOrDefault("authorization", List.of()).contains("Bearer alice-token")
                    ? Optional.of(CallerIdentity.of("alice", List.of("dev"))) : Optional.empty()));

    private final AtomicInteger handled = new AtomicInteger();

    private HelidonTestServer serve() {
        return new HelidonTestServer().startPipeline((request, response) -> {
            handled.incrementAndGet();
            CallerIdentity caller = RequestContext.caller(request);
            response.send(caller.user() + " " + caller.groups());
        }, new AuthenticationFilter(ALICE_ONLY));
    }

    @Test
    void theCallerTheChainRecognisesReachesTheHandlerAndTheAuditLine() {
        try (HelidonTestServer server = serve()) {
            HttpResponse<String> response = server.get(RESOURCE, "Authorization", "Bearer alice-token");

            assertEquals(200, response.statusCode());
            assertEquals("alice [dev, system:authenticated]", response.body());
            JsonNode record = server.auditRecords(1).getFirst();
            assertEquals("alice", record.path("user").asText());
            assertEquals("system:authenticated", record.path("groups").path(1).asText());
        }
    }

    @Test
    void nobodyRecognisedIs401AndTheHandlerNeverRuns() {
        try (HelidonTestServer server = serve()) {
            HttpResponse<String> response = server.get(RESOURCE, "Authorization", "Bearer someone-else");

            assertEquals(401, response.statusCode());
            assertEquals("Unauthorized", HelidonTestServer.json(response).path("reason").asText());
            assertEquals(0, handled.get());
            JsonNode record = server.auditRecords(1).getFirst();
            assertEquals("deny", record.path("decision").asText());
            assertEquals("authentication", record.path("decidedBy").asText());
            assertEquals("system:anonymous", record.path("user").asText());
            assertEquals(1, server.metrics.scrape().lines()
                    .filter(line -> line.startsWith("virtualsecrets_authentication_failures_total "))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1))).sum());
        }
    }

    @Test
    void healthProbesAreAnonymousWithoutAskingTheChain() {
        try (HelidonTestServer server = serve()) {
            HttpResponse<String> response = server.get("/readyz");

            assertEquals(200, response.statusCode());
            assertEquals("system:anonymous [system:unauthenticated]", response.body());
        }
    }
}
