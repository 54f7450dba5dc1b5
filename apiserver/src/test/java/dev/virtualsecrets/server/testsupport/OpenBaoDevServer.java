package dev.virtualsecrets.server.testsupport;

import dev.virtualsecrets.server.vault.VaultClients;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultResponse;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenBao dev server ({@code bao server -dev}) on a free loopback port with a random root
 * token, output in {@code target/openbao-*.log}. {@link #shared()} is the one instance per test
 * JVM, stopped by a shutdown hook; {@link #start(String)} starts an extra one that the test stops
 * itself (e.g. to see Vault go away). The root token is never printed.
 */
public final class OpenBaoDevServer implements AutoCloseable {

    private static final String UNSEAL_KEY = "Unseal Key:";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static OpenBaoDevServer shared;

    private final Process process;
    private final URI address;
    private final String rootToken;
    private final VaultTemplate template;
    private final Path log;

    private OpenBaoDevServer(Process process, URI address, String rootToken, Path log) {
        this.log = log;
        this.process = process;
        this.address = address;
        this.rootToken = rootToken;
        this.template = VaultClients.template(settings(), rootToken);
    }

    /** The OpenBao dev server shared by every test of this JVM, started on first use. */
    public static synchronized OpenBaoDevServer shared() {
        if (shared == null) {
            shared = start("openbao-dev");
            OpenBaoDevServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "openbao-dev-stop"));
        }
        return shared;
    }

    /** Starts a new dev server logging to {@code target/<logName>.log}; the caller closes it. */
    public static OpenBaoDevServer start(String logName) {
        Path bao = baoBinary();
        int port = freePort();
        String token = UUID.randomUUID().toString();
        Path log = Path.of("target", logName + ".log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            // The root token goes through the environment (not argv, which ps shows) and stays out
            // of ~/.vault-token.
            ProcessBuilder builder = new ProcessBuilder(bao.toString(), "server", "-dev",
                    "-dev-listen-address=127.0.0.1:" + port, "-dev-no-store-token")
                    .redirectErrorStream(true);
            builder.environment().put("BAO_DEV_ROOT_TOKEN_ID", token);
            Process process = builder.start();
            copyRedacted(process, log, token);
            OpenBaoDevServer server = new OpenBaoDevServer(process, URI.create("http://127.0.0.1:" + port), token, log);
            try {
                server.awaitHealthy(log);
                server.ensureKvV2Mount("secret");
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + bao, e);
        }
    }

    /**
     * bao's dev mode prints its root token and unseal key: the log gets a copy of bao's output with
     * both replaced, so no log file ever holds them.
     */
    private static void copyRedacted(Process process, Path log, String token) throws IOException {
        BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread.ofVirtual().name("openbao-log").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 out) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line.startsWith(UNSEAL_KEY) ? UNSEAL_KEY + " <redacted>" : line.replace(token, "<redacted>"));
                    out.newLine();
                    out.flush();
                }
            } catch (IOException e) {
                // bao stopped.
            }
        });
    }

    /** bao's output, with the root token redacted. */
    public Path log() {
        return log;
    }

    public URI address() {
        return address;
    }

    public String rootToken() {
        return rootToken;
    }

    /** A client with the root token, for setting up and checking Vault directly in tests. */
    public VaultTemplate template() {
        return template;
    }

    /** Client settings for this server, with short timeouts. */
    public VaultClients.Settings settings() {
        return new VaultClients.Settings(address, Duration.ofSeconds(2), Duration.ofSeconds(5), null);
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitHealthy(Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(address.resolve("/v1/sys/health"))
                .timeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("bao exited with " + process.exitValue() + ", see " + log);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for OpenBao", e);
            }
            sleep(100);
        }
        throw new IllegalStateException("OpenBao not healthy after " + STARTUP_TIMEOUT + ", see " + log);
    }

    private void ensureKvV2Mount(String mount) {
        VaultResponse mounts = template.read("sys/mounts");
        Object existing = mounts == null || mounts.getData() == null ? null : mounts.getData().get(mount + "/");
        if (existing instanceof Map<?, ?> info && info.get("options") instanceof Map<?, ?> options
                && "2".equals(options.get("version"))) {
            return;
        }
        if (existing != null) {
            throw new IllegalStateException("mount " + mount + "/ exists but is not KV v2");
        }
        template.opsForSys().mount(mount, org.springframework.vault.support.VaultMount.builder()
                .type("kv").options(Map.of("version", "2")).build());
    }

    /** {@code openbao.bin}, then {@code BAO_BIN}, then {@code hack/install-openbao}. */
    /** The bao binary (hack/install-openbao, or -Dopenbao.bin / BAO_BIN). */
    public static Path baoBinary() {
        String configured = System.getProperty("openbao.bin", System.getenv("BAO_BIN"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path script = RepositoryRoot.find().resolve("hack/install-openbao");
        try {
            Process install = new ProcessBuilder(script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!install.waitFor(5, TimeUnit.MINUTES) || install.exitValue() != 0) {
                throw new IllegalStateException(script + " failed");
            }
            List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
            if (lines.isEmpty()) {
                throw new IllegalStateException(script + " printed no path");
            }
            return Path.of(lines.getLast().trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing OpenBao", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
