package dev.virtualsecrets.bench.scenario;

import dev.virtualsecrets.bench.Mode;
import dev.virtualsecrets.bench.cluster.ServerProbe;
import dev.virtualsecrets.bench.report.Results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time to ready and idle RSS of a fresh server process: the dev-cluster's config on
 * another port, started the way {@code hack/dev-cluster} starts it, and stopped afterwards.
 */
public final class StartupBenchmark {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Stack stack;
    private final Mode mode;
    private final Path serverJar;
    private final Path logDir;

    public StartupBenchmark(Stack stack, Mode mode, Path serverJar, Path logDir) {
        this.stack = stack;
        this.mode = mode;
        this.serverJar = serverJar;
        this.logDir = logDir;
    }

    /**
     * Two starts: the first writes the class-data-sharing archive (at exit), as the first start
     * on a machine does; the second, measured for the target, starts from it, as every later one does.
     */
    public void run(Results results) {
        results.put("startup.first_ready_ms", startAndStop());
        int port = freePort();
        long started = System.nanoTime();
        Process process = start(port);
        try {
            URI readyz = URI.create("https://127.0.0.1:" + port + "/readyz");
            double readyMs = awaitReady(process, readyz, started);
            results.put("startup.ready_ms", readyMs);
            Thread.sleep(mode.idleWait());
            results.put("idle.rss_mib", ServerProbe.rssMib(process.pid()));
            results.put("idle.after_s", mode.idleWait().toSeconds());
            System.err.printf("bench: fresh server ready in %.0f ms, idle RSS %.0f MiB%n", readyMs,
                    results.number("idle.rss_mib").orElse(Double.NaN));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            stop(process);
        }
    }

    private double startAndStop() {
        int port = freePort();
        long started = System.nanoTime();
        Process process = start(port);
        try {
            return awaitReady(process, URI.create("https://127.0.0.1:" + port + "/readyz"), started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            stop(process);
        }
    }

    private Process start(int port) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            Files.createDirectories(logDir);
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-XX:+AutoCreateSharedArchive",
                    "-XX:SharedArchiveFile=" + logDir.resolve("server.jsa"), "-jar", serverJar.toString(),
                    "--config", stack.cluster().serverConfig().toString())
                    .redirectOutput(logDir.resolve("startup-server-audit.log").toFile())
                    .redirectError(logDir.resolve("startup-server.log").toFile());
            builder.environment().put("VIRTUALSECRETS_SERVER_PORT", Integer.toString(port));
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + serverJar, e);
        }
    }

    private double awaitReady(Process process, URI readyz, long started) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = started + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the fresh server exited with " + process.exitValue()
                        + "; see " + logDir.resolve("startup-server.log"));
            }
            try {
                if (stack.admin().send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - started) / 1e6;
                }
            } catch (IOException notListeningYet) {
                // Keep polling until the deadline.
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the fresh server was not ready within " + READY_TIMEOUT.toSeconds() + " s");
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
