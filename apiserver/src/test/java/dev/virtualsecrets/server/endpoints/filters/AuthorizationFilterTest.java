package dev.virtualsecrets.server.endpoints.filters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.GroupResource;
import dev.virtualsecrets.server.authn.AuthenticationChain;
import dev.virtualsecrets.server.authz.Authorizer;
import dev.virtualsecrets.server.testsupport.HelidonTestServer;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.helidon.webserver.http.Handler;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuthorizationFilterTest {

    private static final String API_KEY = "/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets/api-key";

    /** "Authorization: Bearer NAME" is the user NAME. */
    private static final AuthenticationChain BEARER_IS_USER = new AuthenticationChain(List.of(request ->
            request.headers().getOrDefault("authorization", List.of()).stream().findFirst()
                    .map(value -> CallerIdentity.of(value.substring("Bearer ".length()), List.of()))));

    /** alice may get; everyone else is refused, in RBAC's words. */
    private static final Authorizer ALICE_MAY_GET = (caller, info) -> {
        if (caller.user().equals("alice") && info.verb().equals("get")) {
            return "rbac";
        }
        throw ApiErrors.forbidden(caller.user(), info.verb(), info.resource(), info.apiGroup(), info.namespace(),
                info.name(), null);
    };

    private static HelidonTestServer serve(Handler handler) {
        return new HelidonTestServer().startPipeline(handler, new AuthenticationFilter(BEARER_IS_USER),
                new AuthorizationFilter(ALICE_MAY_GET));
    }

    private static HelidonTestServer serve(boolean vaultRefuses) {
        return serve((request, response) -> {
            if (vaultRefuses) {
                throw ApiErrors.forbidden("alice", "get", "virtualsecrets", "virtualsecrets.dev", "demo",
                        "api-key", "Vault denied the request");
            }
            response.send("ok");
        });
    }

    @Test
    void anAllowedRequestReachesTheHandlerAndTheAuditNamesWhoAllowedIt() {
        try (HelidonTestServer server = serve(false)) {
            HttpResponse<String> response = server.get(API_KEY, "Authorization", "Bearer alice");

            assertEquals(200, response.statusCode());
            JsonNode record = server.auditRecords(1).getFirst();
            assertEquals("allow", record.path("decision").asText());
            assertEquals("rbac", record.path("decidedBy").asText());
        }
    }

    @Test
    void aDeniedRequestIs403WithKubernetesWordsAndTheAuditSaysAuthorization() {
        try (HelidonTestServer server = serve(false)) {
            HttpResponse<String> response = server.get(API_KEY, "Authorization", "Bearer bob");

            assertEquals(403, response.statusCode());
            assertEquals("virtualsecrets.virtualsecrets.dev \"api-key\" is forbidden: User \"bob\" cannot get resource "
                    + "\"virtualsecrets\" in API group \"virtualsecrets.dev\" in the namespace \"demo\"",
                    HelidonTestServer.json(response).path("message").asText());
            JsonNode record = server.auditRecords(1).getFirst();
            assertEquals("deny", record.path("decision").asText());
            assertEquals("authorization", record.path("decidedBy").asText());
        }
    }

    @Test
    void aRefusalAfterAuthorizationIsVaultsPolicy() {
        try (HelidonTestServer server = serve(true)) {
            assertEquals(403, server.get(API_KEY, "Authorization", "Bearer alice").statusCode());

            JsonNode record = server.auditRecords(1).getFirst();
            assertEquals("deny", record.path("decision").asText());
            assertEquals("vault-policy", record.path("decidedBy").asText());
        }
    }

    @Test
    void otherErrorsAfterAuthorizationAreNoDenial() {
        try (HelidonTestServer server = serve((request, response) -> {
            throw ApiErrors.notFound(new GroupResource("virtualsecrets.dev", "virtualsecrets"), "api-key");
        })) {
            assertEquals(404, server.get(API_KEY, "Authorization", "Bearer alice").statusCode());

            JsonNode record = server.auditRecords(1).getFirst();
            assertEquals("allow", record.path("decision").asText());
            assertEquals("rbac", record.path("decidedBy").asText());
        }
    }
}
