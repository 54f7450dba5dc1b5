package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.apierrors.Status;
import dev.virtualsecrets.server.json.Json;
import dev.virtualsecrets.server.registry.ObjectNames;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectValidatorTest {

    private static final ObjectMapper JSON = Json.newJsonMapper();
    private static final String SECRET_VALUE = "hunter2-s3cr3t";

    private final ObjectValidator validator = new ObjectValidator(new ObjectCodec(JSON));

    /** Single quotes in the test text stand for double quotes. */
    private static JsonNode tree(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private ApiException rejected(String body, String namespace, String urlName) throws Exception {
        JsonNode object = tree(body);
        return assertThrows(ApiException.class, () -> validator.prepare(object, namespace, urlName));
    }

    private static List<String> causeFields(ApiException error) {
        return error.status().details().causes().stream().map(Status.Cause::field).toList();
    }

    @Test
    void acceptsAMinimalObjectAndFillsTypeMeta() throws Exception {
        VirtualSecret secret = validator.prepare(tree("{'metadata': {'name': 'db'}}"), "demo", null);

        assertEquals("virtualsecrets.dev/v1alpha1", secret.getApiVersion());
        assertEquals("VirtualSecret", secret.getKind());
        assertEquals("db", secret.getMetadata().getName());
        assertEquals("demo", secret.getMetadata().getNamespace());
        assertEquals("Opaque", secret.getType());
        assertEquals(Map.of(), secret.getData());
        assertNull(secret.getStringData());
    }

    @Test
    void keepsAnExplicitType() throws Exception {
        VirtualSecret secret = validator.prepare(tree("{'metadata': {'name': 'db'}, 'type': 'example.com/custom'}"),
                "demo", null);

        assertEquals("example.com/custom", secret.getType());
    }

    @Test
    void apiVersionMismatchIsABadRequest() throws Exception {
        ApiException error = rejected("{'apiVersion': 'v1', 'kind': 'VirtualSecret', 'metadata': {'name': 'db'}}",
                "demo", null);

        assertEquals(400, error.code());
        assertEquals("BadRequest", error.reason());
        assertTrue(error.getMessage().contains("(v1)"), error.getMessage());
    }

    @Test
    void kindMismatchIsABadRequest() throws Exception {
        ApiException error = rejected("{'apiVersion': 'virtualsecrets.dev/v1alpha1', 'kind': 'Secret', "
                + "'metadata': {'name': 'db'}}", "demo", null);

        assertEquals(400, error.code());
        assertTrue(error.getMessage().contains("(Secret)"), error.getMessage());
    }

    @Test
    void namespaceMismatchIsABadRequest() throws Exception {
        ApiException error = rejected("{'metadata': {'name': 'db', 'namespace': 'other'}}", "demo", null);

        assertEquals(400, error.code());
        assertEquals("the namespace of the provided object does not match the namespace sent on the request",
                error.getMessage());
    }

    @Test
    void urlNameMismatchIsABadRequest() throws Exception {
        ApiException error = rejected("{'metadata': {'name': 'db'}}", "demo", "other");

        assertEquals(400, error.code());
        assertEquals("the name of the object (db) does not match the name on the URL (other)", error.getMessage());
    }

    @Test
    void theUrlNameFillsAMissingName() throws Exception {
        assertEquals("db", validator.prepare(tree("{'data': {}}"), "demo", "db").getMetadata().getName());
    }

    @Test
    void generateNameMakesAValidNameWithThePrefix() throws Exception {
        VirtualSecret first = validator.prepare(tree("{'metadata': {'generateName': 'db-'}}"), "demo", null);
        VirtualSecret second = validator.prepare(tree("{'metadata': {'generateName': 'db-'}}"), "demo", null);

        String name = first.getMetadata().getName();
        assertTrue(name.startsWith("db-"), name);
        assertEquals("db-".length() + 5, name.length(), name);
        assertEquals(List.of(), ObjectNames.validateName(name));
        assertNotEquals(name, second.getMetadata().getName());
    }

    @Test
    void generateNameTruncatesALongPrefixToStayWithin63() throws Exception {
        String prefix = "a".repeat(70);

        String name = validator.prepare(tree("{'metadata': {'generateName': '" + prefix + "'}}"), "demo", null)
                .getMetadata().getName();

        assertEquals(63, name.length());
        assertTrue(name.startsWith("a".repeat(58)), name);
    }

    @Test
    void anExplicitNameWinsOverGenerateName() throws Exception {
        assertEquals("db", validator.prepare(tree("{'metadata': {'name': 'db', 'generateName': 'x-'}}"), "demo", null)
                .getMetadata().getName());
    }

    @Test
    void aMissingNameIsRequired() throws Exception {
        ApiException error = rejected("{'metadata': {}}", "demo", null);

        assertEquals(422, error.code());
        assertEquals(List.of(new Status.Cause("FieldValueRequired", "Required value", "metadata.name")),
                error.status().details().causes());
    }

    @Test
    void stringDataIsMergedIntoDataAndWins() throws Exception {
        VirtualSecret secret = validator.prepare(tree("{'metadata': {'name': 'db'}, "
                + "'data': {'user': '" + base64("old-user") + "', 'password': '" + base64("kept") + "'}, "
                + "'stringData': {'user': 'new-user', 'host': 'db.local'}}"), "demo", null);

        assertEquals(3, secret.getData().size());
        assertEquals("new-user", utf8(secret.getData().get("user")));
        assertEquals("kept", utf8(secret.getData().get("password")));
        assertEquals("db.local", utf8(secret.getData().get("host")));
        assertNull(secret.getStringData());
    }

    @Test
    void serverSetFieldsAreDropped() throws Exception {
        VirtualSecret secret = validator.prepare(tree("{'metadata': {'name': 'db', 'uid': 'u-1', "
                + "'creationTimestamp': '2020-01-01T00:00:00Z', 'generation': 4, 'selfLink': '/x', "
                + "'resourceVersion': '42', 'labels': {'app': 'web'}}, "
                + "'spec': {'source': {'engine': 'kv-v2', 'path': 'secret/data/elsewhere'}}, "
                + "'status': {'version': 7}}"), "demo", null);

        assertNull(secret.getSpec());
        assertNull(secret.getStatus());
        assertEquals("u-1", secret.getMetadata().getUid(), "kept for an update's precondition; never stored");
        assertNull(secret.getMetadata().getCreationTimestamp());
        assertNull(secret.getMetadata().getGeneration());
        assertNull(secret.getMetadata().getSelfLink());
        assertEquals("42", secret.getMetadata().getResourceVersion(), "kept for optimistic concurrency");
        assertEquals(Map.of("app", "web"), secret.getMetadata().getLabels());
    }

    @Test
    void anInvalidNameIsInvalidOnMetadataName() throws Exception {
        ApiException error = rejected("{'metadata': {'name': 'Bad_Name'}}", "demo", null);

        assertEquals(422, error.code());
        assertEquals("Invalid", error.reason());
        assertEquals(List.of("metadata.name"), causeFields(error));
        assertEquals("Bad_Name", error.status().details().name());
        assertEquals("VirtualSecret", error.status().details().kind());
        assertTrue(error.getMessage().startsWith("VirtualSecret.virtualsecrets.dev \"Bad_Name\" is invalid: "
                + "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"), error.getMessage());
    }

    @Test
    void aBadDataKeyIsInvalidOnThatKey() throws Exception {
        ApiException error = rejected("{'metadata': {'name': 'db'}, 'data': {'a/b': '" + base64(SECRET_VALUE) + "'}}",
                "demo", null);

        assertEquals(422, error.code());
        assertEquals(List.of("data[a/b]"), causeFields(error));
        assertFalse(error.getMessage().contains(SECRET_VALUE), error.getMessage());
        assertFalse(error.getMessage().contains(base64(SECRET_VALUE)), error.getMessage());
    }

    @Test
    void aBadStringDataKeyIsInvalidToo() throws Exception {
        ApiException error = rejected("{'metadata': {'name': 'db'}, 'stringData': {'../etc': '" + SECRET_VALUE + "'}}",
                "demo", null);

        assertEquals(422, error.code());
        assertFalse(causeFields(error).isEmpty());
        assertTrue(causeFields(error).stream().allMatch("data[../etc]"::equals), causeFields(error).toString());
        assertFalse(error.getMessage().contains(SECRET_VALUE), error.getMessage());
    }

    @Test
    void finalizersAreForbidden() throws Exception {
        ApiException error = rejected("{'metadata': {'name': 'db', 'finalizers': ['example.com/keep']}}", "demo", null);

        assertEquals(422, error.code());
        assertEquals(List.of("metadata.finalizers"), causeFields(error));
        assertEquals("FieldValueForbidden", error.status().details().causes().getFirst().reason());
    }

    @Test
    void ownerReferencesAreForbidden() throws Exception {
        ApiException error = rejected("{'metadata': {'name': 'db', 'ownerReferences': [{'apiVersion': 'v1', "
                + "'kind': 'ConfigMap', 'name': 'owner', 'uid': 'u'}]}}", "demo", null);

        assertEquals(422, error.code());
        assertEquals(List.of("metadata.ownerReferences"), causeFields(error));
    }

    @Test
    void tlsTypeNeedsCertificateAndKey() throws Exception {
        ApiException error = rejected("{'metadata': {'name': 'web-tls'}, 'type': 'kubernetes.io/tls', "
                + "'stringData': {'tls.crt': 'CERT'}}", "demo", null);

        assertEquals(422, error.code());
        assertEquals(List.of("data[tls.key]"), causeFields(error));
        assertEquals("FieldValueRequired", error.status().details().causes().getFirst().reason());

        assertDoesNotThrow(() -> validator.prepare(tree("{'metadata': {'name': 'web-tls'}, 'type': 'kubernetes.io/tls', "
                + "'stringData': {'tls.crt': 'CERT', 'tls.key': 'KEY'}}"), "demo", null));
    }

    @Test
    void severalProblemsAreReportedTogether() throws Exception {
        ApiException error = rejected("{'metadata': {'name': 'Bad', 'finalizers': ['x']}, "
                + "'type': 'kubernetes.io/tls', 'data': {'a/b': 'YQ=='}}", "demo", null);

        assertEquals(422, error.code());
        assertEquals(List.of("metadata.name", "data[a/b]", "metadata.finalizers", "data[tls.crt]", "data[tls.key]"),
                causeFields(error));
        assertTrue(error.getMessage().contains(" is invalid: [metadata.name: "), error.getMessage());
    }

    @Test
    void changingTheTypeOnUpdateIsInvalid() throws Exception {
        VirtualSecret live = validator.prepare(tree("{'metadata': {'name': 'db'}}"), "demo", null);
        VirtualSecret updated = validator.prepare(tree("{'metadata': {'name': 'db'}, 'type': 'example.com/other'}"),
                "demo", "db");

        ApiException error = assertThrows(ApiException.class, () -> validator.validateUpdate(updated, live));

        assertEquals(422, error.code());
        assertEquals(List.of("type"), causeFields(error));
        assertTrue(error.getMessage().endsWith("type: Invalid value: \"example.com/other\": field is immutable"),
                error.getMessage());
    }

    @Test
    void keepingTheTypeOnUpdateIsFine() throws Exception {
        VirtualSecret live = validator.prepare(tree("{'metadata': {'name': 'db'}}"), "demo", null);
        VirtualSecret updated = validator.prepare(tree("{'metadata': {'name': 'db'}, 'stringData': {'k': 'v'}}"),
                "demo", "db");

        assertDoesNotThrow(() -> validator.validateUpdate(updated, live));
    }

    @Test
    void anUpdateWithAnotherObjectsUidIsAConflictAndAPatchChangingItIsInvalid() throws Exception {
        VirtualSecret live = validator.prepare(tree("{'metadata': {'name': 'db', 'uid': 'live-uid'}}"), "demo", null);
        VirtualSecret other = validator.prepare(tree("{'metadata': {'name': 'db', 'uid': 'other'}}"), "demo", "db");
        VirtualSecret none = validator.prepare(tree("{'metadata': {'name': 'db'}}"), "demo", "db");

        ApiException conflict = assertThrows(ApiException.class, () -> validator.validateUpdate(other, live));
        assertEquals(409, conflict.code());
        assertEquals("Operation cannot be fulfilled on virtualsecrets.virtualsecrets.dev \"db\": Precondition failed: "
                + "UID in precondition: other, UID in object meta: live-uid", conflict.getMessage());
        ApiException immutable = assertThrows(ApiException.class, () -> validator.validatePatch(other, live));
        assertEquals(422, immutable.code());
        assertEquals("VirtualSecret.virtualsecrets.dev \"db\" is invalid: metadata.uid: Invalid value: \"other\": "
                + "field is immutable", immutable.getMessage());
        assertDoesNotThrow(() -> validator.validateUpdate(none, live));
        assertDoesNotThrow(() -> validator.validatePatch(live, live));
    }

    @Test
    void aBase64ErrorIsABadRequestThatDoesNotQuoteTheValue() throws Exception {
        ApiException error = rejected("{'metadata': {'name': 'db'}, 'data': {'password': '" + SECRET_VALUE + "!!'}}",
                "demo", null);

        assertEquals(400, error.code());
        assertEquals("BadRequest", error.reason());
        assertFalse(error.getMessage().contains(SECRET_VALUE), error.getMessage());
        assertTrue(error.getMessage().contains("data"), error.getMessage());
    }

    @Test
    void aWrongTypeIsABadRequestThatDoesNotQuoteTheValue() throws Exception {
        ApiException error = rejected("{'metadata': {'name': 'db'}, 'stringData': {'password': {'nested': '"
                + SECRET_VALUE + "'}}}", "demo", null);

        assertEquals(400, error.code());
        assertFalse(error.getMessage().contains(SECRET_VALUE), error.getMessage());
    }

    @Test
    void decodesValidBase64Data() throws Exception {
        VirtualSecret secret = validator.prepare(tree("{'metadata': {'name': 'db'}, 'data': {'password': '"
                + base64(SECRET_VALUE) + "'}}"), "demo", null);

        assertArrayEquals(SECRET_VALUE.getBytes(StandardCharsets.UTF_8), secret.getData().get("password"));
    }
}
