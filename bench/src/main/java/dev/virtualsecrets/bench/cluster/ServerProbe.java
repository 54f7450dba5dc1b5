package dev.virtualsecrets.bench.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Reads a server process's memory: heap from its {@code /metrics}, RSS from {@code /proc}. */
public final class ServerProbe {

    private static final double MIB = 1024.0 * 1024.0;

    private final HttpClient client;
    private final URI server;

    public ServerProbe(HttpClient client, URI server) {
        this.client = client;
        this.server = server;
    }

    /** The server's {@code virtualsecrets_watches_active} gauge. */
    public int activeWatches() {
        return (int) sum(scrape(), "virtualsecrets_watches_active");
    }

    /** The sum of a counter's series, e.g. {@code virtualsecrets_vault_logins_total{kind="user"}}. */
    public double counter(String series) {
        return sum(scrape(), series);
    }

    /** Heap in use (all heap pools of {@code jvm_memory_used_bytes}), in MiB; NaN without the JVM binders. */
    public double heapUsedMib() {
        String metrics = scrape();
        return metrics.contains("jvm_memory_used_bytes{area=\"heap\"")
                ? sum(metrics, "jvm_memory_used_bytes{area=\"heap\"") / MIB
                : Double.NaN;
    }

    /** Resident set size of a process, in MiB, from {@code /proc/<pid>/status}. */
    public static double rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
            return Double.NaN;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the RSS of pid " + pid, e);
        }
    }

    /**
     * Asks the JVM of {@code pid} for a full GC with {@code jcmd}, so the heap figure that follows
     * is the live set rather than whatever garbage the last collection left. False when jcmd
     * is not available or fails.
     */
    public static boolean fullGc(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String scrape() {
        return Http.expectOk(client, HttpRequest.newBuilder(server.resolve("/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build()).body();
    }

    /** Sum of the samples whose line starts with {@code prefix} (a metric name, optionally with its first label). */
    private static double sum(String metrics, String prefix) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.length() > prefix.length() && line.startsWith(prefix)
                    && " {,}".indexOf(line.charAt(prefix.length())) >= 0) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
