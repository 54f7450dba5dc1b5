package dev.virtualsecrets.server.apierrors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiErrorsTest {

    private static final GroupResource VSEC = new GroupResource("virtualsecrets.dev", "virtualsecrets");
    private static final GroupKind VSEC_KIND = new GroupKind("virtualsecrets.dev", "VirtualSecret");

    private static final String NAME_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character";

    private static void assertStatus(ApiException error, int code, String reason, String message) {
        assertEquals(code, error.code());
        assertEquals(reason, error.reason());
        assertEquals(message, error.status().message());
        assertEquals(message, error.getMessage());
        assertEquals("Failure", error.status().status());
        assertEquals("Status", error.status().kind());
        assertEquals("v1", error.status().apiVersion());
    }

    @Test
    void notFound() {
        ApiException error = ApiErrors.notFound(VSEC, "db");

        assertStatus(error, 404, "NotFound", "virtualsecrets.virtualsecrets.dev \"db\" not found");
        assertEquals(Status.Details.of("db", "virtualsecrets.dev", "virtualsecrets"), error.status().details());
    }

    @Test
    void alreadyExists() {
        ApiException error = ApiErrors.alreadyExists(VSEC, "db");

        assertStatus(error, 409, "AlreadyExists", "virtualsecrets.virtualsecrets.dev \"db\" already exists");
        assertEquals(Status.Details.of("db", "virtualsecrets.dev", "virtualsecrets"), error.status().details());
    }

    @Test
    void conflict() {
        ApiException error = ApiErrors.conflict(VSEC, "db", "the check-and-set parameter did not match");

        assertStatus(error, 409, "Conflict", "Operation cannot be fulfilled on virtualsecrets.virtualsecrets.dev "
                + "\"db\": the check-and-set parameter did not match");
        assertEquals(Status.Details.of("db", "virtualsecrets.dev", "virtualsecrets"), error.status().details());
    }

    @Test
    void staleResourceVersionIsUpstreamsOptimisticLockConflict() {
        assertStatus(ApiErrors.staleResourceVersion(VSEC, "db"), 409, "Conflict",
                "Operation cannot be fulfilled on virtualsecrets.virtualsecrets.dev \"db\": the object has been "
                        + "modified; please apply your changes to the latest version and try again");
    }

    @Test
    void invalidWithOneCause() {
        Status.Cause cause = ApiErrors.invalidValue("metadata.name", "Bad", NAME_MESSAGE);

        ApiException error = ApiErrors.invalid(VSEC_KIND, "Bad", List.of(cause));

        assertStatus(error, 422, "Invalid", "VirtualSecret.virtualsecrets.dev \"Bad\" is invalid: metadata.name: "
                + "Invalid value: \"Bad\": " + NAME_MESSAGE);
        assertEquals(new Status.Details("Bad", "virtualsecrets.dev", "VirtualSecret", null, List.of(cause), null),
                error.status().details());
        assertEquals(new Status.Cause("FieldValueInvalid", "Invalid value: \"Bad\": " + NAME_MESSAGE, "metadata.name"),
                cause);
    }

    @Test
    void invalidWithSeveralCausesIsBracketedLikeAnAggregate() {
        List<Status.Cause> causes = List.of(
                ApiErrors.invalidValue("metadata.name", "Bad", NAME_MESSAGE),
                ApiErrors.requiredValue("data[tls.key]"),
                ApiErrors.forbiddenField("metadata.finalizers", "VirtualSecrets do not support finalizers"));

        ApiException error = ApiErrors.invalid(VSEC_KIND, "Bad", causes);

        assertStatus(error, 422, "Invalid", "VirtualSecret.virtualsecrets.dev \"Bad\" is invalid: ["
                + "metadata.name: Invalid value: \"Bad\": " + NAME_MESSAGE + ", "
                + "data[tls.key]: Required value, "
                + "metadata.finalizers: Forbidden: VirtualSecrets do not support finalizers]");
        assertEquals(causes, error.status().details().causes());
        assertEquals(List.of("FieldValueInvalid", "FieldValueRequired", "FieldValueForbidden"),
                causes.stream().map(Status.Cause::reason).toList());
    }

    /** The rejected name is user input and may itself contain ": ". */
    @Test
    void invalidBracketsTheCausesEvenWhenTheNameContainsAColon() {
        ApiException error = ApiErrors.invalid(VSEC_KIND, "a: b", List.of(
                ApiErrors.invalidValue("metadata.name", "a: b", NAME_MESSAGE),
                ApiErrors.requiredValue("metadata.namespace")));

        assertEquals("VirtualSecret.virtualsecrets.dev \"a: b\" is invalid: ["
                + "metadata.name: Invalid value: \"a: b\": " + NAME_MESSAGE + ", "
                + "metadata.namespace: Required value]", error.getMessage());
    }

    @Test
    void invalidValueQuotesStringsOnly() {
        assertEquals("Invalid value: 3: must be positive", ApiErrors.invalidValue("x", 3, "must be positive").message());
        assertEquals("Invalid value: \"3\": must be positive", ApiErrors.invalidValue("x", "3", "must be positive").message());
    }

    @Test
    void expired() {
        ApiException error = ApiErrors.expired("too old resource version: 5 (10)");

        assertStatus(error, 410, "Expired", "too old resource version: 5 (10)");
    }

    /** storage.NewTooLargeResourceVersionError: a Timeout (504) with the cause client-go looks for. */
    @Test
    void resourceVersionTooLarge() {
        ApiException error = ApiErrors.resourceVersionTooLarge(200, 100);

        assertStatus(error, 504, "Timeout", "Timeout: Too large resource version: 200, current: 100");
        Status.Details details = error.status().details();
        assertEquals(List.of(new Status.Cause("ResourceVersionTooLarge", "Too large resource version", null)),
                details.causes());
        assertEquals(1, details.retryAfterSeconds());
    }

    @Test
    void serviceUnavailable() {
        ApiException error = ApiErrors.serviceUnavailable("Vault is unavailable", 2);

        assertStatus(error, 503, "ServiceUnavailable", "Vault is unavailable");
        assertEquals(2, error.status().details().retryAfterSeconds());
    }

    @Test
    void tooManyRequests() {
        ApiException error = ApiErrors.tooManyRequests("slow down", 3);

        assertStatus(error, 429, "TooManyRequests", "slow down");
        assertEquals(3, error.status().details().retryAfterSeconds());
    }

    @Test
    void unsupportedMediaType() {
        ApiException error = ApiErrors.unsupportedMediaType("application/strategic-merge-patch+json");

        assertStatus(error, 415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted "
                + "media types include: application/json, application/yaml, application/merge-patch+json, "
                + "application/json-patch+json, application/apply-patch+yaml");
        assertFalse(error.getMessage().contains("strategic"), "strategic merge is not advertised");
    }

    @Test
    void requestEntityTooLarge() {
        assertStatus(ApiErrors.requestEntityTooLarge(1_048_576), 413, "RequestEntityTooLarge",
                "Request entity too large: limit is 1048576");
    }

    @Test
    void simpleErrors() {
        assertStatus(ApiErrors.badRequest("bad"), 400, "BadRequest", "bad");
        assertStatus(ApiErrors.unauthorized(), 401, "Unauthorized", "Unauthorized");
        assertStatus(ApiErrors.pathNotFound("/nope"), 404, "NotFound", "the server could not find the requested resource");
        assertStatus(ApiErrors.methodNotAllowed("TRACE"), 405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource");
        assertStatus(ApiErrors.notAcceptable("text/html"), 406, "NotAcceptable",
                "the server was unable to respond with a content type that the client supports");
        assertStatus(ApiErrors.internalError("boom"), 500, "InternalError", "Internal error occurred: boom");
    }

    @Test
    void serializesAsAMetaV1Status() throws Exception {
        ObjectMapper json = Json.newJsonMapper();

        JsonNode status = json.valueToTree(ApiErrors.resourceVersionTooLarge(200, 100).status());

        assertEquals("Status", status.path("kind").asText());
        assertEquals("v1", status.path("apiVersion").asText());
        assertEquals(504, status.path("code").asInt());
        assertEquals("Timeout", status.path("reason").asText());
        assertEquals(1, status.path("details").path("retryAfterSeconds").asInt());
        assertEquals("ResourceVersionTooLarge", status.path("details").path("causes").path(0).path("reason").asText());
        assertNull(status.path("details").get("name"), "nulls are omitted");
        assertEquals(Map.of(), json.convertValue(status.path("metadata"), Map.class));
    }

    @Test
    void eachReasonHasAPredicate() {
        assertTrue(ApiErrors.isNotFound(ApiErrors.notFound(VSEC, "db")));
        assertTrue(ApiErrors.isNotFound(ApiErrors.pathNotFound("/nowhere")));
        assertTrue(ApiErrors.isAlreadyExists(ApiErrors.alreadyExists(VSEC, "db")));
        assertTrue(ApiErrors.isConflict(ApiErrors.staleResourceVersion(VSEC, "db")));
        assertTrue(ApiErrors.isInvalid(ApiErrors.invalid(VSEC_KIND, "db", List.of(ApiErrors.requiredValue("data")))));
        assertTrue(ApiErrors.isBadRequest(ApiErrors.badRequest("no")));
        assertTrue(ApiErrors.isUnauthorized(ApiErrors.unauthorized()));
        assertTrue(ApiErrors.isForbidden(ApiErrors.forbiddenPath("alice", "get", "/metrics", null)));
        assertTrue(ApiErrors.isMethodNotAllowed(ApiErrors.methodNotAllowed("PUT")));
        assertTrue(ApiErrors.isServiceUnavailable(ApiErrors.serviceUnavailable("Vault is unavailable", 1)));
        assertTrue(ApiErrors.isInternalError(ApiErrors.internalError("boom")));
    }

    @Test
    void predicatesAreFalseForOtherReasonsAndOtherThrowables() {
        assertFalse(ApiErrors.isNotFound(ApiErrors.alreadyExists(VSEC, "db")));
        assertFalse(ApiErrors.isConflict(ApiErrors.alreadyExists(VSEC, "db")));
        assertFalse(ApiErrors.isForbidden(ApiErrors.unauthorized()));
        assertFalse(ApiErrors.isNotFound(new IllegalStateException("404")));
        assertFalse(ApiErrors.isNotFound(null));
    }
}
