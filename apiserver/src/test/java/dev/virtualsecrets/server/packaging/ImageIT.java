package dev.virtualsecrets.server.packaging;

import dev.virtualsecrets.server.testsupport.RepositoryRoot;
import dev.virtualsecrets.server.testsupport.TrustAnyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image {@code hack/image} builds here (jlink runtime, the Dockerfile's layout) in the Docker
 * engine {@code hack/setup} runs: it starts as uid 65532 on a read-only root filesystem and answers
 * {@code /livez}; its log holds no Vault token.
 */
class ImageIT {

    private static final String TAG = "virtualsecrets/apiserver:it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String TOKEN = "image-it-token-" + UUID.randomUUID();

    private static Path root;

    @BeforeAll
    static void buildTheImage() throws Exception {
        root = RepositoryRoot.find();
        Result built = run(Duration.ofMinutes(5), root.resolve("hack/image").toString(), TAG);
        assertEquals(0, built.code(), "hack/image failed (is a Docker engine running? hack/setup starts one):\n"
                + built.output());
    }

    @AfterAll
    static void removeTheImage() throws Exception {
        run(Duration.ofMinutes(1), "docker", "image", "rm", "-f", TAG);
    }

    @Test
    void startsAsUid65532OnAReadOnlyRootAndAnswersLivez(@TempDir Path config) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Files.writeString(config.resolve("config.yaml"), """
                server:
                  bindAddress: 127.0.0.1
                  port: %d
                identity:
                  mode: server
                vault:
                  address: http://127.0.0.1:1
                """.formatted(port));
        config.toFile().setReadable(true, false);
        config.toFile().setExecutable(true, false);
        config.resolve("config.yaml").toFile().setReadable(true, false);
        Result started = run(Duration.ofMinutes(1), "docker", "run", "-d", "--read-only", "--tmpfs", "/tmp",
                "--network", "host", "-e", "VIRTUALSECRETS_VAULT_TOKEN=" + TOKEN,
                "-v", config + ":/etc/virtualsecrets:ro", TAG);
        assertEquals(0, started.code(), started.output());
        String container = started.output().strip();
        try {
            HttpResponse<String> livez = awaitLivez(port);
            assertEquals(200, livez.statusCode());
            assertEquals("ok", livez.body());

            assertEquals("true 65532:65532", run(Duration.ofSeconds(30), "docker", "inspect", "-f",
                    "{{.HostConfig.ReadonlyRootfs}} {{.Config.User}}", container).output().strip());
            String pid = run(Duration.ofSeconds(30), "docker", "inspect", "-f", "{{.State.Pid}}", container)
                    .output().strip();
            String status = Files.readString(Path.of("/proc", pid, "status"));
            assertTrue(status.lines().anyMatch(line -> line.matches("Uid:\\s+65532\\s+65532\\s+65532\\s+65532")),
                    "the server process runs as 65532:\n" + status);
            Result java = run(Duration.ofSeconds(30), "docker", "exec", container, "java", "-version");
            assertEquals(0, java.code(), "the image's own runtime runs: " + java.output());
            String logs = run(Duration.ofSeconds(30), "docker", "logs", container).output();
            assertTrue(logs.contains("serving virtualsecrets.dev/v1alpha1"), logs);
            assertFalse(logs.contains(TOKEN), "the Vault token is not logged");
        } finally {
            run(Duration.ofMinutes(1), "docker", "rm", "-f", container);
        }
    }

    private static HttpResponse<String> awaitLivez(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TrustAnyServer.sslContext()).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/livez"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private record Result(int code, String output) {
    }

    private static Result run(Duration timeout, String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, output);
        }
        return new Result(process.exitValue(), output);
    }
}
