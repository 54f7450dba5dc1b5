package dev.virtualsecrets.server.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "db-password", "example.com", "0abc", "a.b-c.d9"})
    void acceptsDns1123Subdomains(String name) {
        assertEquals(java.util.List.of(), ObjectNames.validateName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "Upper", "-a", "a-", "a..b", ".a", "", "a_b", "a b", "..", "x/../y"})
    void rejectsInvalidNames(String name) {
        assertFalse(ObjectNames.validateName(name).isEmpty(), name);
    }

    @Test
    void subdomainMessageIsUpstreams() {
        assertEquals(java.util.List.of("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                        + "characters, '-' or '.', and must start and end with an alphanumeric character "
                        + "(e.g. 'example.com', regex used for validation is "
                        + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
                ObjectNames.validateName("Bad"));
    }

    @Test
    void namesAreAtMost253Characters() {
        assertTrue(ObjectNames.validateName("a".repeat(253)).isEmpty());
        assertEquals(java.util.List.of("must be no more than 253 characters"), ObjectNames.validateName("a".repeat(254)));
    }

    @Test
    void namespacesAreDns1123Labels() {
        assertTrue(ObjectNames.validateNamespace("payments").isEmpty());
        assertTrue(ObjectNames.validateNamespace("a".repeat(63)).isEmpty());
        assertEquals(java.util.List.of("must be no more than 63 characters"), ObjectNames.validateNamespace("a".repeat(64)));
        assertEquals(java.util.List.of("a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
                        + "or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
                        + "'123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
                ObjectNames.validateNamespace("a.b"));
        assertFalse(ObjectNames.validateNamespace("../kube-system").isEmpty());
    }

    @Test
    void labelKeysAreQualifiedNames() {
        assertTrue(ObjectNames.qualifiedName("app").isEmpty());
        assertTrue(ObjectNames.qualifiedName("app.kubernetes.io/name").isEmpty());
        assertTrue(ObjectNames.qualifiedName("My_Key.1").isEmpty());
        assertEquals(java.util.List.of("prefix part must be non-empty"), ObjectNames.qualifiedName("/name"));
        assertEquals(2, ObjectNames.qualifiedName("example.com/").size());
        assertFalse(ObjectNames.qualifiedName("a/b/c").isEmpty());
        assertFalse(ObjectNames.qualifiedName("Example.com/x").isEmpty());
        assertEquals(java.util.List.of("name part must be no more than 63 characters"),
                ObjectNames.qualifiedName("a".repeat(64)));
    }

    @Test
    void labelValues() {
        assertTrue(ObjectNames.labelValue("").isEmpty());
        assertTrue(ObjectNames.labelValue("v1.2_3-x").isEmpty());
        assertFalse(ObjectNames.labelValue("-x").isEmpty());
        assertFalse(ObjectNames.labelValue("a b").isEmpty());
        assertEquals(java.util.List.of("must be no more than 63 characters"), ObjectNames.labelValue("a".repeat(64)));
    }

    @Test
    void dataKeys() {
        assertTrue(ObjectNames.configKey("tls.crt").isEmpty());
        assertTrue(ObjectNames.configKey("KEY_NAME").isEmpty());
        assertFalse(ObjectNames.configKey("a/b").isEmpty());
        assertEquals(java.util.List.of("must not be '..'"), ObjectNames.configKey(".."));
        assertEquals(java.util.List.of("must not start with '..'"), ObjectNames.configKey("..x"));
    }
}
