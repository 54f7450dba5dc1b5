package dev.virtualsecrets.server.testsupport;

import dev.virtualsecrets.server.vault.VaultClients;

import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultResponse;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenBao dev server ({@code bao server -dev}) on a free loopback port with a random root
 * token: in a container of {@code hack/test-images}' image (Testcontainers, host network) when
 * {@link Containers#enabled()}, else started by {@code hack/openbao-dev} exactly as the hack/
 * scripts start theirs; the same flags, token handling and redacted log
 * {@code target/<name>/openbao.log} either way. {@link #shared()} is the one instance
 * per test JVM, stopped by a shutdown hook; {@link #start(String)} starts an extra one that the
 * test stops itself (e.g. to see Vault go away). The root token is never printed.
 */
public final class OpenBaoDevServer implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static OpenBaoDevServer shared;

    /** The running bao: a host process or a container. */
    private interface Instance {
        boolean alive();

        void stop();
    }

    private final Instance instance;
    private final URI address;
    private final String rootToken;
    private final VaultTemplate template;
    private final Path log;

    private OpenBaoDevServer(Instance instance, URI address, String rootToken, Path log) {
        this.log = log;
        this.instance = instance;
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

    /**
     * Starts a new dev server in {@code target/<name>/} (root token in {@code vault-token}, a new
     * one each time; bao's redacted output in {@code openbao.log}); the caller closes it.
     */
    public static OpenBaoDevServer start(String name) {
        int port = freePort();
        URI address = URI.create("http://127.0.0.1:" + port);
        Path dir = Path.of("target", name).toAbsolutePath();
        Path log = dir.resolve("openbao.log");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve("vault-token"));
            Instance instance = Containers.enabled() ? inContainer(dir, port, log) : onHost(dir, port);
            try {
                awaitHealthy(instance, address, log);
                OpenBaoDevServer server = new OpenBaoDevServer(instance, address,
                        Files.readString(dir.resolve("vault-token")).trim(), log);
                server.ensureKvV2Mount("secret");
                return server;
            } catch (RuntimeException | IOException e) {
                instance.stop();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start OpenBao in " + dir, e);
        }
    }

    private static Instance onHost(Path dir, int port) throws IOException {
        Path script = RepositoryRoot.find().resolve("hack/openbao-dev");
        // The script becomes bao (exec): this Process is bao itself, and its output goes to the
        // redacted log, so nothing is left for this JVM to read.
        ProcessBuilder builder = new ProcessBuilder(script.toString(), dir.toString(), String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("BAO", baoBinary().toString());
        Process process = builder.start();
        return new Instance() {
            @Override
            public boolean alive() {
                return process.isAlive();
            }

            @Override
            public void stop() {
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
        };
    }

    /** As hack/openbao-dev does it: the token in vault-token (0600) and bao's environment, the log redacted. */
    @SuppressWarnings("resource") // stopped through the Instance
    private static Instance inContainer(Path dir, int port, Path log) throws IOException {
        String token = UUID.randomUUID().toString().replace("-", "");
        Path tokenFile = dir.resolve("vault-token");
        Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, token);
        Files.writeString(log, "");
        GenericContainer<?> container = new GenericContainer<>(
                DockerImageName.parse(Containers.openBaoImage()))
                .withNetworkMode("host")
                .withEnv("BAO_DEV_ROOT_TOKEN_ID", token)
                .withCommand("server", "-dev", "-dev-listen-address", "127.0.0.1:" + port, "-dev-no-store-token")
                .withLogConsumer(frame -> appendRedacted(log, frame.getUtf8String(), token))
                .waitingFor(Wait.forLogMessage(".*Development mode should NOT be used.*", 1).withStartupTimeout(STARTUP_TIMEOUT));
        container.start();
        return new Instance() {
            @Override
            public boolean alive() {
                return container.isRunning();
            }

            @Override
            public void stop() {
                container.stop();
            }
        };
    }

    private static synchronized void appendRedacted(Path log, String text, String token) {
        String redacted = text.replace(token, "<redacted>").replaceAll("(?m)^(Unseal Key:).*$", "$1 <redacted>");
        try {
            Files.writeString(log, redacted, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is for people; a failed write loses a line, never the token
        }
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
        return instance.alive();
    }

    @Override
    public void close() {
        instance.stop();
    }

    private static void awaitHealthy(Instance instance, URI address, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(address.resolve("/v1/sys/health"))
                .timeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!instance.alive()) {
                throw new IllegalStateException("bao exited, see " + log);
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
