package dev.virtualsecrets.server.scenarios;

import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A platform engineer uses the real kubectl as {@code system:masters}. Subclasses say where kubectl
 * points: straight at the server, or at kube-apiserver's aggregation layer.
 */
public abstract class KubectlScenarios {

    private static final String NS = "kubectl";

    private Kubectl kubectl;
    private Path workDir;

    /** kubectl for an admin of the environment under test. */
    protected abstract Kubectl kubectl();

    /** Where this scenario may write scratch files. */
    protected abstract Path workDir();

    @BeforeEach
    void setUp() throws java.io.IOException {
        kubectl = kubectl();
        workDir = java.nio.file.Files.createDirectories(workDir());
    }

    private static Kubectl.Result ok(Kubectl.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    protected static String manifest(String name, String value) {
        return """
                apiVersion: virtualsecrets.dev/v1alpha1
                kind: VirtualSecret
                metadata:
                  name: %s
                  namespace: kubectl
                  labels:
                    app: shop
                stringData:
                  password: %s
                """.formatted(name, value);
    }

    @Test
    public void reApplyingAnUnchangedManifestWritesNothing() {
        ok(kubectl.runWithInput(manifest("steady", "same-value"), "apply", "-f", "-"));
        String[] versions = {"get", "vsec", "steady", "-n", NS, "-o",
                "jsonpath={.metadata.resourceVersion} {.status.version}"};
        String before = ok(kubectl.run(versions)).stdout();

        ok(kubectl.runWithInput(manifest("steady", "same-value"), "apply", "-f", "-"));
        Kubectl.Result diff = kubectl.runWithInput(manifest("steady", "same-value"), "diff", "-f", "-");

        assertEquals(before, ok(kubectl.run(versions)).stdout(), "no new resourceVersion, no new KV version");
        assertEquals(0, diff.exitCode(), "kubectl diff sees no difference: " + diff);
        ok(kubectl.run("delete", "vsec", "steady", "-n", NS));
    }

    @Test
    public void applyGetAndDelete() {
        assertTrue(ok(kubectl.runWithInput(manifest("app-creds", "first-value"), "apply", "-f", "-")).stdout()
                .contains("virtualsecret.virtualsecrets.dev/app-creds created"));
        assertTrue(ok(kubectl.runWithInput(manifest("app-creds", "second-value"), "apply", "-f", "-")).stdout()
                .contains("virtualsecret.virtualsecrets.dev/app-creds configured"));

        String table = ok(kubectl.run("get", "vsec", "-A")).stdout();
        assertTrue(table.contains("NAMESPACE") && table.contains("TYPE") && table.contains("KEYS")
                && table.contains("VERSION") && table.contains("AGE"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("kubectl") && l.contains("app-creds") && l.contains("Opaque")), table);

        String yaml = ok(kubectl.run("get", "vsec", "app-creds", "-n", NS, "-o", "yaml")).stdout();
        assertTrue(yaml.contains("kind: VirtualSecret"), yaml);
        assertTrue(yaml.contains("password: c2Vjb25kLXZhbHVl"), yaml); // base64("second-value")
        assertTrue(yaml.contains("engine: kv-v2"), yaml);

        String patched = ok(kubectl.run("patch", "vsec", "app-creds", "-n", NS, "--type=merge",
                "-p", "{\"metadata\":{\"labels\":{\"patched\":\"yes\"}}}")).stdout();
        assertTrue(patched.contains("patched"), patched);
        assertTrue(ok(kubectl.run("get", "vsec", "-n", NS, "-l", "patched=yes", "-o", "name")).stdout()
                .contains("virtualsecret.virtualsecrets.dev/app-creds"));

        assertTrue(ok(kubectl.run("delete", "vsec", "app-creds", "-n", NS)).stdout()
                .contains("virtualsecret.virtualsecrets.dev \"app-creds\" deleted"));
        Kubectl.Result missing = kubectl.run("get", "vsec", "app-creds", "-n", NS);
        assertEquals(1, missing.exitCode());
        assertTrue(missing.stderr().contains("NotFound") || missing.stderr().contains("not found"), missing.toString());
    }

    @Test
    public void serverSideApply() {
        assertTrue(ok(kubectl.runWithInput(manifest("ssa", "one"), "apply", "--server-side", "-f", "-")).stdout()
                .contains("serverside-applied"));
        assertTrue(ok(kubectl.runWithInput(manifest("ssa", "two"), "apply", "--server-side", "-f", "-")).stdout()
                .contains("serverside-applied"));
        String json = ok(kubectl.run("get", "vsec", "ssa", "-n", NS, "-o", "jsonpath={.data.password}")).stdout();
        assertEquals("dHdv", json); // base64("two")
    }

    @Test
    public void watchSeesAChangeMadeByAnotherKubectl() throws Exception {
        ok(kubectl.runWithInput(manifest("watched", "v1"), "apply", "-f", "-"));
        Path output = workDir.resolve("watch.out");
        Process watch = kubectl.background(output, "get", "vsec", "-n", NS, "-w", "--output-watch-events");
        try {
            waitFor(output, "watched", 20);
            ok(kubectl.runWithInput(manifest("watched-later", "v1"), "apply", "-f", "-"));
            waitFor(output, "watched-later", 20);
            String events = Kubectl.read(output);
            assertTrue(events.lines().anyMatch(l -> l.contains("ADDED") && l.contains("watched-later")), events);
        } finally {
            watch.destroy();
        }
    }

    @Test
    public void explainDescribesTheFields() {
        String data = ok(kubectl.run("explain", "virtualsecret.data")).stdout();
        assertTrue(data.contains("VirtualSecret"), data);
        assertTrue(data.toLowerCase().contains("base64"), data);
        String spec = ok(kubectl.run("explain", "virtualsecrets.spec")).stdout();
        assertTrue(spec.contains("source"), spec);
    }

    private void waitFor(Path output, String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Kubectl.read(output).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("kubectl get -w did not show \"" + text + "\" within " + seconds + " s:\n"
                + Kubectl.read(output) + "\n" + Kubectl.read(Path.of(output + ".err")));
    }
}
