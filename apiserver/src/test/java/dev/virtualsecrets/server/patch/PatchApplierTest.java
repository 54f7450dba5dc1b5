package dev.virtualsecrets.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.json.Json;
import dev.virtualsecrets.server.meta.FieldValidation;
import dev.virtualsecrets.server.meta.PatchOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchApplierTest {

    private static final String SECRET_VALUE = "hunter2-s3cr3t";
    private static final PatchOptions NO_OPTIONS = new PatchOptions(false, null, FieldValidation.WARN, false);

    private final ObjectMapper json = Json.newJsonMapper();
    private final PatchApplier applier = new PatchApplier(
            Clock.fixed(Instant.parse("2025-01-02T03:04:05.678Z"), ZoneOffset.UTC), json, Json.newYamlMapper());

    private JsonNode tree(String text) throws Exception {
        return json.readTree(text.replace('\'', '"'));
    }

    private static byte[] bytes(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    // --- RFC 7386 -------------------------------------------------------------------------------

    /** The examples of RFC 7386 appendix A. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{'a':'b'}                 | {'a':'c'}               | {'a':'c'}",
            "{'a':'b'}                 | {'b':'c'}               | {'a':'b','b':'c'}",
            "{'a':'b'}                 | {'a':null}              | {}",
            "{'a':'b','b':'c'}         | {'a':null}              | {'b':'c'}",
            "{'a':['b']}               | {'a':'c'}               | {'a':'c'}",
            "{'a':'c'}                 | {'a':['b']}             | {'a':['b']}",
            "{'a':{'b':'c'}}           | {'a':{'b':'d','c':null}} | {'a':{'b':'d'}}",
            "{'a':[{'b':'c'}]}         | {'a':[1]}               | {'a':[1]}",
            "{'e':null}                | {'a':1}                 | {'e':null,'a':1}",
            "{}                        | {'a':{'bb':{'ccc':null}}} | {'a':{'bb':{}}}",
    })
    void mergePatchFollowsRfc7386(String target, String patch, String expected) throws Exception {
        JsonNode live = tree(target);
        assertEquals(tree(expected), applier.apply(PatchType.MERGE, live, bytes(patch), NO_OPTIONS));
        assertEquals(tree(target), live, "the live object is not modified");
    }

    @Test
    void mergePatchThatIsNotAnObjectIsUnprocessable() throws Exception {
        ApiException e = assertThrows(ApiException.class,
                () -> applier.apply(PatchType.MERGE, tree("{'metadata':{'name':'x'}}"), bytes("['a']"), NO_OPTIONS));
        assertEquals(422, e.code());
        assertEquals("Invalid", e.reason());
    }

    // --- RFC 6902 -------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{'foo':'bar'}                | [{'op':'add','path':'/baz','value':'qux'}]              | {'foo':'bar','baz':'qux'}",
            "{'foo':['bar','baz']}        | [{'op':'add','path':'/foo/1','value':'qux'}]            | {'foo':['bar','qux','baz']}",
            "{'baz':'qux','foo':'bar'}    | [{'op':'remove','path':'/baz'}]                        | {'foo':'bar'}",
            "{'baz':'qux','foo':'bar'}    | [{'op':'replace','path':'/baz','value':'boo'}]          | {'baz':'boo','foo':'bar'}",
            "{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}} | [{'op':'move','from':'/foo/waldo','path':'/qux/thud'}] | {'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}",
            "{'foo':'bar'}                | [{'op':'copy','from':'/foo','path':'/baz'}]             | {'foo':'bar','baz':'bar'}",
            "{'baz':'qux'}                | [{'op':'test','path':'/baz','value':'qux'},{'op':'remove','path':'/baz'}] | {}",
            "{'l':{'app.kubernetes.io/name':'a','x~y':'b'}} | [{'op':'replace','path':'/l/app.kubernetes.io~1name','value':'c'},{'op':'remove','path':'/l/x~0y'}] | {'l':{'app.kubernetes.io/name':'c'}}",
    })
    void jsonPatchFollowsRfc6902(String target, String patch, String expected) throws Exception {
        assertEquals(tree(expected), applier.apply(PatchType.JSON, tree(target), bytes(patch), NO_OPTIONS));
    }

    @Test
    void failedTestOperationIsInvalidAndAppliesNothing() throws Exception {
        JsonNode live = tree("{'metadata':{'name':'db'},'data':{'password':'" + SECRET_VALUE + "'}}");
        ApiException e = assertThrows(ApiException.class, () -> applier.apply(PatchType.JSON, live,
                bytes("[{'op':'remove','path':'/metadata'},{'op':'test','path':'/data/password','value':'guess'}]"),
                NO_OPTIONS));
        assertEquals(422, e.code());
        assertEquals("Invalid", e.reason());
        assertTrue(e.getMessage().contains("\"db\" is invalid"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET_VALUE));
        assertFalse(e.getMessage().contains("guess"));
        assertTrue(live.has("metadata"));
    }

    @Test
    void missingPathIsInvalid() throws Exception {
        ApiException e = assertThrows(ApiException.class, () -> applier.apply(PatchType.JSON,
                tree("{'a':1}"), bytes("[{'op':'replace','path':'/missing/x','value':1}]"), NO_OPTIONS));
        assertEquals(422, e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'op':'add'}", "[{'op':'explode','path':'/a'}]", "[{'path':'/a'}]", "[{'op':'add','value':1}]"})
    void malformedJsonPatchIsBadRequest(String patch) {
        ApiException e = assertThrows(ApiException.class,
                () -> applier.apply(PatchType.JSON, tree("{'a':1}"), bytes(patch), NO_OPTIONS));
        assertEquals(400, e.code());
        assertEquals("BadRequest", e.reason());
    }

    // --- bodies and content types ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{\"data\":{\"password\":\"" + SECRET_VALUE + "\"", "\"" + SECRET_VALUE, SECRET_VALUE + "}",
            "{\"a\":1} " + SECRET_VALUE, ""})
    void malformedBodiesAreBadRequestsThatDoNotEchoTheBody(String body) {
        for (PatchType type : new PatchType[] {PatchType.MERGE, PatchType.JSON}) {
            ApiException e = assertThrows(ApiException.class, () -> applier.apply(type, tree("{'a':1}"),
                    body.getBytes(StandardCharsets.UTF_8), NO_OPTIONS));
            assertEquals(400, e.code());
            assertFalse(e.getMessage().contains(SECRET_VALUE), e.getMessage());
        }
    }

    @Test
    void malformedYamlIsABadRequestThatDoesNotEchoTheBody() {
        String body = "apiVersion: v1\nkind: X\ndata: {password: [" + SECRET_VALUE + "\n";
        ApiException e = assertThrows(ApiException.class, () -> applier.apply(PatchType.APPLY, null,
                body.getBytes(StandardCharsets.UTF_8), new PatchOptions(false, "kubectl", FieldValidation.WARN, false)));
        assertEquals(400, e.code());
        assertFalse(e.getMessage().contains(SECRET_VALUE), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"application/merge-patch+json,MERGE", "application/json-patch+json; charset=utf-8,JSON",
            "Application/Apply-Patch+YAML,APPLY"})
    void recognisesPatchContentTypes(String contentType, PatchType expected) {
        assertEquals(expected, PatchType.fromContentType(contentType));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/strategic-merge-patch+json", "application/json", "text/plain", ""})
    void strategicMergeAndUnknownTypesAreUnsupported(String contentType) {
        ApiException e = assertThrows(ApiException.class, () -> PatchType.fromContentType(contentType));
        assertEquals(415, e.code());
        assertEquals("UnsupportedMediaType", e.reason());
        assertEquals(415, assertThrows(ApiException.class, () -> PatchType.fromContentType(null)).code());
    }
}
