package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.server.authn.AuthenticationChain;
import dev.virtualsecrets.server.testsupport.HelidonTestServer;
import dev.virtualsecrets.server.user.CallerIdentity;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HandlerChainTest {

    @Test
    void requestsPassRequestInfoAuditAuthenticationAndAuthorizationBeforeTheHandler() {
        List<String> stages = new ArrayList<>();
        AuthenticationChain authentication = new AuthenticationChain(List.of(request -> {
            stages.add("authentication");
            return Optional.of(CallerIdentity.of("alice", List.of()));
        }));
        HelidonTestServer server = new HelidonTestServer();
        try (server) {
            server.start(routing -> HandlerChain.build(routing, (request, response) -> {
                stages.add("handler " + RequestContext.requestInfo(request).verb());
                response.send("ok");
            }, authentication, (caller, info) -> {
                stages.add("authorization " + caller.user());
                return "rbac";
            }, server.audit, server.metrics, server.responses, Clock.systemUTC(), null));

            HttpResponse<String> response = server.get("/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets");

            assertEquals(200, response.statusCode());
            assertEquals(List.of("authentication", "authorization alice", "handler list"), stages);
            assertEquals("alice", server.auditRecords(1).getFirst().path("user").asText());
        }
    }
}
