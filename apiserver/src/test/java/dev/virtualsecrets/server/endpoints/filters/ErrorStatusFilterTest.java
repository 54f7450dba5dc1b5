package dev.virtualsecrets.server.endpoints.filters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.GroupResource;
import dev.virtualsecrets.server.testsupport.HelidonTestServer;
import io.helidon.webserver.http.Handler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ErrorStatusFilterTest {

    private static final String CANARY = "canary-value-7c1e";

    private static HelidonTestServer serve(Handler handler) {
        return new HelidonTestServer().startPipeline(handler, (chain, request, response) -> {
            if (request.query().contains("failInFilter")) {
                throw ApiErrors.unauthorized();
            }
            chain.proceed();
        });
    }

    @Test
    void anApiExceptionIsAnsweredAsItsStatus() {
        try (HelidonTestServer server = serve((request, response) -> {
            throw ApiErrors.notFound(new GroupResource("virtualsecrets.dev", "virtualsecrets"), "api-key");
        })) {
            HttpResponse<String> response = server.get("/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets/api-key");

            assertEquals(404, response.statusCode());
            JsonNode status = HelidonTestServer.json(response);
            assertEquals("Status", status.path("kind").asText());
            assertEquals("NotFound", status.path("reason").asText());
            assertEquals("virtualsecrets.virtualsecrets.dev \"api-key\" not found", status.path("message").asText());
            assertEquals(404, server.auditRecords(1).getFirst().path("code").asInt());
        }
    }

    @Test
    void anyOtherFailureIsAGeneric500ThatQuotesNothingOfTheException() {
        try (HelidonTestServer server = serve((request, response) -> {
            throw new IllegalStateException("Vault said: " + CANARY);
        })) {
            HttpResponse<String> response = server.get("/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets/api-key");

            assertEquals(500, response.statusCode());
            assertEquals("InternalError", HelidonTestServer.json(response).path("reason").asText());
            assertFalse(response.body().contains(CANARY));
            assertEquals(500, server.auditRecords(1).getFirst().path("code").asInt());
        }
    }

    @Test
    void aClientGoneMidResponseIsA499InTheAuditNotA500() {
        try (HelidonTestServer server = serve((request, response) -> {
            response.send("partial");
            throw new UncheckedIOException(new IOException("Broken pipe"));
        })) {
            server.get("/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets/api-key");

            assertEquals(499, server.auditRecords(1).getFirst().path("code").asInt());
        }
    }

    @Test
    void anIoFailureBeforeAnyByteWasSentIsOurs500NotAClientGone() {
        try (HelidonTestServer server = serve((request, response) -> {
            throw new UncheckedIOException(new IOException("Vault connection reset: " + CANARY));
        })) {
            HttpResponse<String> response = server.get("/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets/api-key");

            assertEquals(500, response.statusCode());
            assertEquals("InternalError", HelidonTestServer.json(response).path("reason").asText());
            assertFalse(response.body().contains(CANARY));
            assertEquals(500, server.auditRecords(1).getFirst().path("code").asInt());
        }
    }

    @Test
    void aFailureInALaterFilterIsAnsweredAsItsStatusToo() {
        try (HelidonTestServer server = serve((request, response) -> response.send("never"))) {
            HttpResponse<String> response = server.get("/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets?failInFilter=1");

            assertEquals(401, response.statusCode());
            assertEquals("Unauthorized", HelidonTestServer.json(response).path("reason").asText());
        }
    }
}
