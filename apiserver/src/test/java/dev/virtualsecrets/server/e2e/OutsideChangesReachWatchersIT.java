package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A write made straight in Vault ({@code bao kv put}, not through the API) reaches an open
 * {@code kubectl get vsec -w} through the aggregator within the poll interval (5 s, ±20 %) + 1 s.
 */
class OutsideChangesReachWatchersIT {

    private static final String NS = "outside";
    private static final Duration POLL_INTERVAL_WITH_JITTER = Duration.ofMillis(6_000);

    @TempDir
    Path dir;

    @Test
    void aBaoKvPutReachesKubectlGetWatch() throws Exception {
        DevCluster cluster = DevCluster.shared();
        Kubectl kubectl = cluster.kubectl();
        cluster.bao("kv", "put", "-mount=secret", "kubernetes/" + NS + "/settings", "mode=one");
        Path output = dir.resolve("watch.out");
        Process watch = kubectl.background(output, "get", "vsec", "-n", NS, "-w", "--output-watch-events");
        try {
            awaitLine(output, "ADDED", "settings", Duration.ofSeconds(20));
            // The first polling round after the watch opened only takes note of what exists.
            Thread.sleep(POLL_INTERVAL_WITH_JITTER.toMillis());

            long written = System.nanoTime();
            cluster.bao("kv", "put", "-mount=secret", "kubernetes/" + NS + "/settings", "mode=two", "extra=x");
            awaitLine(output, "MODIFIED", "settings", POLL_INTERVAL_WITH_JITTER.plusSeconds(1));
            long millis = Duration.ofNanos(System.nanoTime() - written).toMillis();

            Kubectl.Result get = kubectl.run("get", "vsec", "settings", "-n", NS, "-o", "jsonpath={.status.version}");
            assertEquals("2", get.stdout(), get.toString());
            System.out.println("bao kv put reached kubectl get -w after " + millis + " ms");
        } finally {
            watch.destroy();
        }
    }

    private static void awaitLine(Path output, String type, String name, Duration within)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(output)) {
                if (line.startsWith(type) && line.contains(name)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        fail("no " + type + " " + name + " within " + within.toMillis() + " ms; kubectl printed:\n"
                + Files.readString(output) + Files.readString(Path.of(output + ".err")));
    }
}
