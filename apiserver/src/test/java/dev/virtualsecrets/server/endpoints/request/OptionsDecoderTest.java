package dev.virtualsecrets.server.endpoints.request;

import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.json.Json;
import dev.virtualsecrets.server.meta.CreateOptions;
import dev.virtualsecrets.server.meta.DeleteOptions;
import dev.virtualsecrets.server.meta.FieldValidation;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.meta.PatchOptions;
import dev.virtualsecrets.server.meta.ResourceVersionMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each bad value answers as kube-apiserver 1.35 answers it for a ConfigMap (asked on the local
 * stack: code, reason, message, and the options kind of an Invalid).
 */
class OptionsDecoderTest {

    private static OptionsDecoder query(String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return new OptionsDecoder(values::get);
    }

    private static void assertStatus(int code, String reason, String message, Executable decode) {
        ApiException error = assertThrows(ApiException.class, decode);
        assertEquals(code, error.code());
        assertEquals(reason, error.reason());
        assertEquals(message, error.getMessage());
    }

    @Test
    void aListDecodesItsSelectorsVersionsAndWatchParameters() {
        ListOptions options = query("labelSelector", "env=prod", "fieldSelector", "metadata.name=db",
                "resourceVersion", "42", "resourceVersionMatch", "NotOlderThan", "sendInitialEvents", "true",
                "allowWatchBookmarks", "true", "timeoutSeconds", "30", "limit", "500").list(null, true);

        assertEquals("db", options.name().orElseThrow());
        assertEquals("42", options.resourceVersion());
        assertEquals(ResourceVersionMatch.NOT_OLDER_THAN, options.resourceVersionMatch());
        assertTrue(options.watchList());
        assertTrue(options.allowWatchBookmarks());
        assertEquals(Duration.ofSeconds(30), options.timeout());
        assertEquals(500L, options.limit());
    }

    @Test
    void aLegacyWatchPathNamesItsObjectThroughTheFieldSelector() {
        assertEquals("db", query().list("db", true).name().orElseThrow());
    }

    @Test
    void aResourceVersionThatIsNoNumberIsABadRequest() {
        assertStatus(400, "BadRequest", "invalid resource version: resourceVersion: Invalid value: \"abc\": "
                + "strconv.ParseUint: parsing \"abc\": invalid syntax", () -> query("resourceVersion", "abc").list(null, false));
        assertStatus(400, "BadRequest", "invalid resource version: resourceVersion: Invalid value: \"-1\": "
                + "strconv.ParseUint: parsing \"-1\": invalid syntax", () -> query("resourceVersion", "-1").get());
    }

    @Test
    void numbersThatDoNotParseAreBadRequestsInGosWords() {
        assertStatus(400, "BadRequest", "strconv.ParseInt: parsing \"abc\": invalid syntax",
                () -> query("limit", "abc").list(null, false));
        assertStatus(400, "BadRequest", "strconv.ParseInt: parsing \"abc\": invalid syntax",
                () -> query("timeoutSeconds", "abc").list(null, true));
        assertStatus(400, "BadRequest", "strconv.ParseInt: parsing \"99999999999999999999\": value out of range",
                () -> query("limit", "99999999999999999999").list(null, false));
    }

    @Test
    void resourceVersionMatchRulesAreInvalidListOptions() {
        assertStatus(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Unsupported value: "
                        + "\"Bogus\": supported values: \"Exact\", \"NotOlderThan\", \"\"",
                () -> query("resourceVersionMatch", "Bogus", "resourceVersion", "1").list(null, false));
        assertStatus(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
                        + "resourceVersionMatch is forbidden unless resourceVersion is provided",
                () -> query("resourceVersionMatch", "Exact").list(null, false));
        assertStatus(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
                        + "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"",
                () -> query("resourceVersionMatch", "Exact", "resourceVersion", "0").list(null, false));
        assertStatus(422, "Invalid", "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: "
                        + "sendInitialEvents is forbidden for list",
                () -> query("sendInitialEvents", "true").list(null, false));
    }

    @Test
    void booleansReadAsApimachineryReadsThem() {
        assertTrue(query("allowWatchBookmarks", "maybe").list(null, true).allowWatchBookmarks());
        assertFalse(query("allowWatchBookmarks", "FALSE").list(null, true).allowWatchBookmarks());
        assertFalse(query("allowWatchBookmarks", "0").list(null, true).allowWatchBookmarks());
        assertTrue(query("force", "maybe", "fieldManager", "kubectl").patch(true).force());
    }

    @Test
    void forceIsForApplyAloneAndApplyNeedsAFieldManager() {
        assertStatus(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be "
                + "specified for non-apply patch", () -> query("force", "maybe").patch(false));
        assertStatus(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be "
                + "specified for non-apply patch", () -> query("force", "false").patch(false));
        assertStatus(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is "
                + "required for apply patch", () -> query().patch(true));
    }

    @Test
    void aFieldManagerIsAtMost128PrintableBytes() {
        assertStatus(422, "Invalid", "CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be "
                + "more than 128 bytes", () -> query("fieldManager", "m".repeat(129)).create());
        assertStatus(422, "Invalid", "UpdateOptions.meta.k8s.io \"\" is invalid: fieldManager: Invalid value: "
                + "\"a\\x01b\": invalid character U+0001 (at position 1)", () -> query("fieldManager", "a\u0001b").update());
        assertStatus(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Invalid value: "
                + "\"é\\u200bx\": invalid character U+200B (at position 2)", () -> query("fieldManager", "é\u200bx").patch(false));
        assertEquals("m".repeat(128), query("fieldManager", "m".repeat(128)).create().fieldManager());
    }

    @Test
    void dryRunAndFieldValidationTakeOnlyTheirValues() {
        assertTrue(query("dryRun", "All").create().dryRun());
        assertStatus(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: "
                + "[\"Bogus\"]: supported values: \"All\"", () -> query("dryRun", "Bogus").patch(false));
        assertStatus(422, "Invalid", "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: "
                        + "\"Lenient\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"",
                () -> query("fieldValidation", "Lenient").create());
        assertEquals(FieldValidation.WARN, query().create().fieldValidation());
        assertEquals(FieldValidation.WARN, query("fieldValidation", "").update().fieldValidation());
        assertEquals(FieldValidation.STRICT, query("fieldValidation", "Strict").create().fieldValidation());
        assertEquals(FieldValidation.IGNORE, query("fieldValidation", "Ignore").create().fieldValidation());
    }

    @Test
    void deleteOptionsComeFromTheBodyAndTheQuery() throws Exception {
        DeleteOptions options = query("propagationPolicy", "Orphan").delete(Json.newJsonMapper().readTree(
                "{\"preconditions\": {\"uid\": \"u-1\", \"resourceVersion\": \"7\"}, \"dryRun\": [\"All\"]}"));

        assertEquals(new DeleteOptions("u-1", "7", "Orphan", true), options);
        assertEquals(DeleteOptions.NONE, query().delete(null));
        assertStatus(422, "Invalid", "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: "
                        + "\"Bogus\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"",
                () -> query("propagationPolicy", "Bogus").delete(null));
        assertStatus(422, "Invalid", "DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: "
                        + "[\"Bogus\"]: supported values: \"All\"",
                () -> query().delete(Json.newJsonMapper().readTree("{\"dryRun\": [\"Bogus\"]}")));
    }

    @Test
    void aPlainCreateHasNoOptions() {
        assertEquals(CreateOptions.DEFAULT, query().create());
        assertNull(query().get().resourceVersion());
        PatchOptions apply = query("fieldManager", "kubectl", "force", "true").patch(true);
        assertTrue(apply.force());
    }
}
