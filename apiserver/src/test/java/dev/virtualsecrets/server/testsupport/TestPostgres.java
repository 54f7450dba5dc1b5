package dev.virtualsecrets.server.testsupport;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

/**
 * A PostgreSQL for OpenBao's database engine in integration tests, superuser {@code vault} and
 * database {@code demo} on 127.0.0.1: a container of {@code hack/test-images}' image (host
 * network) when {@link Containers#enabled()}, else the local stack's own PostgreSQL.
 */
public record TestPostgres(String port, String password) {

    private static TestPostgres shared;

    /** Never prints the password. */
    @Override
    public String toString() {
        return "TestPostgres[port=" + port + "]";
    }

    public static synchronized TestPostgres shared() {
        if (shared == null) {
            shared = Containers.enabled() ? inContainer() : fromDevCluster();
        }
        return shared;
    }

    private static TestPostgres fromDevCluster() {
        DevCluster cluster = DevCluster.shared();
        return new TestPostgres(cluster.env("PGPORT"), cluster.postgresPassword());
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook
    private static TestPostgres inContainer() {
        String password = UUID.randomUUID().toString();
        int port = freePort();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(Containers.postgresImage()))
                .withNetworkMode("host")
                .withEnv("POSTGRES_PASSWORD", password)
                .withCommand("-c", "listen_addresses=127.0.0.1", "-c", "port=" + port)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 1)
                        .withStartupTimeout(Duration.ofSeconds(60)));
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "postgres-container-stop"));
        return new TestPostgres(Integer.toString(port), password);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
