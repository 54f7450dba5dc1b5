package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.json.Json;
import dev.virtualsecrets.server.meta.FieldValidation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UnknownFieldsTest {

    private static final ObjectMapper JSON = Json.newJsonMapper();

    private static final String KNOWN_ONLY = """
            {"apiVersion": "virtualsecrets.dev/v1alpha1", "kind": "VirtualSecret",
             "metadata": {"name": "db", "namespace": "demo", "labels": {"any-key": "v"}, "annotations": {"k": "v"},
                          "resourceVersion": "1", "generateName": "db-", "managedFields": []},
             "type": "Opaque", "data": {"anything-goes": "YQ=="}, "stringData": {"x": "y"},
             "spec": {"source": {"engine": "kv-v2", "path": "secret/data/x"}},
             "status": {"version": 3, "lease": {"id": "l", "durationSeconds": 60, "renewable": true, "expiresAt": "t"}}}
            """;

    private static final String WITH_UNKNOWN = """
            {"apiVersion": "virtualsecrets.dev/v1alpha1", "kind": "VirtualSecret", "extra": 1,
             "metadata": {"name": "db", "nmae": "typo"},
             "data": {"password": "c2VjcmV0LXZhbHVl"},
             "spec": {"source": {"engine": "kv-v2", "mount": "x"}, "replicas": 2},
             "status": {"lease": {"ttl": 5}}}
            """;

    private static JsonNode tree(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void knownFieldsPassEveryMode() throws Exception {
        JsonNode object = tree(KNOWN_ONLY);

        for (FieldValidation mode : FieldValidation.values()) {
            assertEquals(List.of(), UnknownFields.check(mode, object), mode.name());
        }
    }

    @Test
    void strictRejectsUnknownFieldsNamingEachPath() throws Exception {
        ApiException error = assertThrows(ApiException.class, () -> UnknownFields.check(FieldValidation.STRICT, tree(WITH_UNKNOWN)));

        assertEquals(400, error.code());
        assertEquals("BadRequest", error.reason());
        assertEquals("strict decoding error: unknown field \"extra\", unknown field \"metadata.nmae\", "
                + "unknown field \"spec.replicas\", unknown field \"spec.source.mount\", "
                + "unknown field \"status.lease.ttl\"", error.getMessage());
    }

    @Test
    void warnReturnsOneWarningPerUnknownField() throws Exception {
        assertEquals(List.of("unknown field \"extra\"", "unknown field \"metadata.nmae\"",
                        "unknown field \"spec.replicas\"", "unknown field \"spec.source.mount\"",
                        "unknown field \"status.lease.ttl\""),
                UnknownFields.check(FieldValidation.WARN, tree(WITH_UNKNOWN)));
    }

    @Test
    void ignoreSaysNothing() throws Exception {
        assertEquals(List.of(), UnknownFields.check(FieldValidation.IGNORE, tree(WITH_UNKNOWN)));
    }

    @Test
    void messagesNeverContainValues() throws Exception {
        JsonNode object = tree("""
                {"metadata": {"name": "db"}, "data": {"password": "c2VjcmV0LXZhbHVl"}, "secretField": "hunter2"}
                """);

        ApiException error = assertThrows(ApiException.class, () -> UnknownFields.check(FieldValidation.STRICT, object));

        assertFalse(error.getMessage().contains("hunter2"), error.getMessage());
        assertFalse(String.join(" ", UnknownFields.check(FieldValidation.WARN, object)).contains("hunter2"));
    }

    @Test
    void keysOfMapsAreNotFields() throws Exception {
        JsonNode object = tree("""
                {"metadata": {"labels": {"whatever": "x"}, "annotations": {"k8s.io/anything": "y"}},
                 "data": {"unknown-looking-key": "YQ=="}, "stringData": {"also-fine": "z"}}
                """);

        assertEquals(List.of(), UnknownFields.check(FieldValidation.STRICT, object));
    }
}
