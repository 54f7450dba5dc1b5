package dev.virtualsecrets.server.testsupport;

import dev.virtualsecrets.certs.IssuedCertificate;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged server ({@code apiserver/target/virtualsecrets-apiserver.jar}) started as users start
 * it, with one YAML config, against the shared OpenBao dev server in identity mode {@code server};
 * one per test JVM. Names {@code db-*} are database credentials (engine {@code database}, set up
 * by the tests that use it), whose leases go idle after 3 s. Authorization asks the
 * {@link DevCluster}'s kube-apiserver (SubjectAccessReview) for callers outside system:masters.
 * Its audit output and logs go to files under target/ so tests can scan them for leaks.
 */
public final class VirtualSecretsServer {

    private static VirtualSecretsServer shared;

    private final Path workDir;
    private final TestPki pki;
    private final OpenBaoDevServer vault;
    private final int port;
    private final Process process;

    private VirtualSecretsServer(Path workDir) {
        this.workDir = workDir;
        this.vault = OpenBaoDevServer.shared();
        this.pki = TestPki.createIn(workDir.resolve("pki"));
        this.port = freePort();
        Path config = writeConfig();
        this.process = start(config);
        awaitReady();
        writeKubeconfig("admin", pki.file("admin.crt"), pki.file("admin.key"));
        writeKubeconfig("user", pki.file("user.crt"), pki.file("user.key"));
    }

    /** The server, if a test of this run has started it. */
    public static synchronized java.util.Optional<VirtualSecretsServer> startedInThisRun() {
        return java.util.Optional.ofNullable(shared);
    }

    public static synchronized VirtualSecretsServer shared() {
        if (shared == null) {
            shared = new VirtualSecretsServer(Path.of("target", "it-server").toAbsolutePath());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "virtualsecrets-it-stop"));
        }
        return shared;
    }

    public URI baseUri() {
        return URI.create("https://127.0.0.1:" + port);
    }

    public TestPki pki() {
        return pki;
    }

    public OpenBaoDevServer vault() {
        return vault;
    }

    /** A kubeconfig pointing straight at the server as {@code admin} (system:masters) or {@code user}. */
    public Path kubeconfig(String who) {
        return workDir.resolve(who + ".kubeconfig");
    }

    public Path serverLog() {
        return workDir.resolve("server.log");
    }

    public Path auditLog() {
        return workDir.resolve("audit.log");
    }

    public HttpClient httpClient(IssuedCertificate clientCertificate) {
        return HttpClient.newBuilder()
                .sslContext(pki.sslContext(clientCertificate))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public HttpClient adminHttpClient() {
        return httpClient(pki.admin());
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    private Path writeConfig() {
        String yaml = """
                server:
                  bindAddress: 127.0.0.1
                  port: %d
                  certFile: %s
                  keyFile: %s
                  maxRequestBytes: 65536
                kubernetes:
                  kubeconfig: %s
                authentication:
                  clientCAFile: %s
                  requestHeader:
                    clientCAFile: %s
                    allowedNames: [%s]
                identity:
                  mode: server
                vault:
                  address: %s
                sources:
                  kv:
                    mount: secret
                    pathTemplate: kubernetes/{namespace}/{name}
                  database:
                    enabled: true
                leases:
                  renewBefore: 2s
                  rotateBefore: 2s
                  idleTimeout: 3s
                watch:
                  bookmarkInterval: 2s
                  kvPollInterval: 1s
                """.formatted(port, pki.file("serving.crt"), pki.file("serving.key"),
                DevCluster.shared().state().resolve("virtualsecrets.kubeconfig"), pki.file("client-ca.crt"),
                pki.file("front-proxy-ca.crt"), TestPki.FRONT_PROXY_CN, vault.address());
        Path config = workDir.resolve("config.yaml");
        write(config, yaml);
        return config;
    }

    private Process start(Path config) {
        String jar = System.getProperty("virtualsecrets.serverJar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("the packaged server jar is missing (" + jar + "): run ./mvnw verify");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar, "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(auditLog().toFile())
                .redirectError(serverLog().toFile());
        // The token goes through the environment, never the command line or the config file.
        builder.environment().put("VIRTUALSECRETS_VAULT_TOKEN", vault.rootToken());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient client = httpClient(null);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + serverLog());
            }
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(baseUri().resolve("/readyz")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("the server did not become ready within 30 s; see " + serverLog());
    }

    private void writeKubeconfig(String who, Path cert, Path key) {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: virtualsecrets
                  cluster:
                    server: %s
                    certificate-authority: %s
                users:
                - name: %s
                  user:
                    client-certificate: %s
                    client-key: %s
                contexts:
                - name: %s
                  context:
                    cluster: virtualsecrets
                    user: %s
                    namespace: default
                current-context: %s
                """.formatted(baseUri(), pki.file("serving-ca.crt"), who, cert, key, who, who, who);
        write(kubeconfig(who), kubeconfig);
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
