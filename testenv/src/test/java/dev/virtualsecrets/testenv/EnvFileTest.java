package dev.virtualsecrets.testenv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvFileTest {

    /** The shape hack/dev-cluster writes (write_env). */
    private static final String DEV_CLUSTER_ENV = """
            export KUBECONFIG="/work/.dev-cluster/kubeconfig"
            export VAULT_ADDR="http://127.0.0.1:8200"
            export VAULT_TOKEN="$(cat "/work/.dev-cluster/vault-token")"
            export VIRTUALSECRETS_URL="https://127.0.0.1:8443"
            export PGPORT="5432"
            export PATH="/tools/openbao/bin:/tools/etcd:$PATH"
            """;

    @Test
    void readsLiteralValues() {
        EnvFile env = EnvFile.parse(DEV_CLUSTER_ENV, "env");
        assertEquals("/work/.dev-cluster/kubeconfig", env.get("KUBECONFIG"));
        assertEquals("http://127.0.0.1:8200", env.get("VAULT_ADDR"));
        assertEquals("https://127.0.0.1:8443", env.get("VIRTUALSECRETS_URL"));
        assertEquals("5432", env.get("PGPORT"));
        assertEquals(List.of("KUBECONFIG", "VAULT_ADDR", "VIRTUALSECRETS_URL", "PGPORT"),
                List.copyOf(env.values().keySet()));
    }

    @Test
    void valuesTheShellComputesAreNamedButNotReturned() {
        EnvFile env = EnvFile.parse(DEV_CLUSTER_ENV, "env");
        IllegalStateException token = assertThrows(IllegalStateException.class, () -> env.get("VAULT_TOKEN"));
        assertTrue(token.getMessage().contains("computed by the shell"), token.getMessage());
        assertEquals(Optional.empty(), env.find("PATH"));
    }

    @Test
    void missingNamesFailNamingTheFile() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> EnvFile.parse(DEV_CLUSTER_ENV, ".dev-cluster/env").get("NOPE"));
        assertEquals("NOPE is not in .dev-cluster/env", missing.getMessage());
    }

    @Test
    void unescapesLikeBashDoubleQuotes() {
        EnvFile env = EnvFile.parse("""
                export A="a \\"quoted\\" \\$dollar and a \\\\ backslash"
                export B="a\\nb"
                # export C="comment"
                D="not exported"
                export E="unclosed
                """, "env");
        assertEquals("a \"quoted\" $dollar and a \\ backslash", env.get("A"));
        assertEquals("a\\nb", env.get("B"));
        assertEquals(List.of("A", "B"), List.copyOf(env.values().keySet()));
    }

    @Test
    void laterLinesWin() {
        EnvFile env = EnvFile.parse("export A=\"1\"\nexport A=\"2\"\nexport B=\"x\"\nexport B=\"$(y)\"\n", "env");
        assertEquals("2", env.get("A"));
        assertEquals(Optional.empty(), env.find("B"));
    }

    @Test
    void readsFiles(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("env"), DEV_CLUSTER_ENV);
        assertEquals("5432", EnvFile.read(file).get("PGPORT"));
        UncheckedIOException missing = assertThrows(UncheckedIOException.class, () -> EnvFile.read(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("hack/dev-cluster up"), missing.getMessage());
    }
}
