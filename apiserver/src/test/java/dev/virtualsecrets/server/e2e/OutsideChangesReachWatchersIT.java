package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A write made straight in Vault ({@code bao kv put}, not through the API) reaches an open
 * {@code kubectl get vsec -w} through the aggregator within the poll interval (5 s, ±20 %) + 1 s,
 * also when it lands right after the watch opened on a namespace nobody watched before.
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

    /** The change lands right after the watch opened, before any regular polling round: never skipped. */
    @Test
    void aBaoKvPutRightAfterAWatchOpensOnANewScopeIsDelivered() throws Exception {
        DevCluster cluster = DevCluster.shared();
        String namespace = "outside-" + UUID.randomUUID().toString().substring(0, 8);
        Path output = dir.resolve("fresh.out");
        Process watch = cluster.kubectl().background(output, "get", "vsec", "-n", namespace, "-w",
                "--output-watch-events");
        try {
            Thread.sleep(1_500); // kubectl lists, then opens its watch; before this fix the scope's first
                                 // polling round, up to 6 s later, took the write for the baseline
            cluster.bao("kv", "put", "-mount=secret", "kubernetes/" + namespace + "/early", "mode=one");
            awaitLine(output, "", "early", POLL_INTERVAL_WITH_JITTER.plusSeconds(1));
        } finally {
            watch.destroy();
            cluster.bao("kv", "metadata", "delete", "-mount=secret", "kubernetes/" + namespace + "/early");
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
