package dev.virtualsecrets.server.registry.kv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VaultPathMapperTest {

    private final VaultPathMapper mapper = new VaultPathMapper(new KvV2Source("secret", "kubernetes/{namespace}/{name}"));

    @Test
    void substitutesNamespaceAndName() {
        assertEquals("kubernetes/payments/db-password", mapper.path("payments", "db-password"));
        assertEquals("kubernetes/payments/", mapper.namespacePrefix("payments"));
        assertEquals("kubernetes/", mapper.allNamespacesPrefix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", "a/b", "../../other/secret", "x/../../y", "", "A", "a//b", "%2e%2e"})
    void namesCannotEscapeTheirNamespace(String name) {
        assertThrows(IllegalArgumentException.class, () -> mapper.path("payments", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../kube-system", "a/b", "a.b", "", "Payments"})
    void namespacesCannotEscapeTheTemplate(String namespace) {
        assertThrows(IllegalArgumentException.class, () -> mapper.path(namespace, "x"));
        assertThrows(IllegalArgumentException.class, () -> mapper.namespacePrefix(namespace));
    }

    @Test
    void nullIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> mapper.path(null, "x"));
        assertThrows(IllegalArgumentException.class, () -> mapper.path("ns", null));
    }

    @Test
    void templatesWithStaticPartsAroundTheNamespace() {
        VaultPathMapper teams = new VaultPathMapper(new KvV2Source("/kv/", "apps/team-{namespace}/shared/{name}"));
        assertEquals("apps/team-payments/shared/db", teams.path("payments", "db"));
        assertEquals("apps/", teams.allNamespacesPrefix());
        assertEquals("payments", teams.namespaceOfFolder("team-payments/"));
        assertNull(teams.namespaceOfFolder("other/"));
        assertNull(teams.namespaceOfFolder("team-payments"));
        assertNull(teams.namespaceOfFolder("team-Bad/"));
        assertEquals("kv", teams.source().mount());
    }

    @Test
    void namespaceAtTheRootOfTheMount() {
        VaultPathMapper root = new VaultPathMapper(new KvV2Source("secret", "{namespace}/{name}"));
        assertEquals("", root.allNamespacesPrefix());
        assertEquals("ns", root.namespaceOfFolder("ns/"));
        assertEquals("ns/x", root.path("ns", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes/{name}", "kubernetes/{namespace}", "kubernetes/{namespace}-{name}",
            "/kubernetes/{namespace}/{name}", "../{namespace}/{name}", "a//{namespace}/{name}",
            "k/{namespace}/{name}/x", "k/{namespace}/{other}/{name}", "{name}/{namespace}/{name}"})
    void invalidTemplatesAreRefused(String template) {
        assertThrows(IllegalArgumentException.class, () -> new KvV2Source("secret", template));
    }
}
