package dev.virtualsecrets.server.testsupport;

import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether the integration tests run OpenBao and PostgreSQL in containers (Testcontainers, images
 * built here by {@code hack/test-images}) or as host binaries: containers when a Docker engine
 * answers (CI starts one in {@code hack/setup}), unless {@code -Dvirtualsecrets.tests.containers=false}.
 */
public final class Containers {

    private static Boolean enabled;
    private static List<String> images;

    private Containers() {
    }

    public static synchronized boolean enabled() {
        if (enabled == null) {
            enabled = !"false".equals(System.getProperty("virtualsecrets.tests.containers"))
                    && DockerClientFactory.instance().isDockerAvailable();
        }
        return enabled;
    }

    /** The OpenBao image's tag. */
    public static String openBaoImage() {
        return images().get(0);
    }

    /** The PostgreSQL image's tag. */
    public static String postgresImage() {
        return images().get(1);
    }

    private static synchronized List<String> images() {
        if (images == null) {
            var script = RepositoryRoot.find().resolve("hack/test-images");
            try {
                Process process = new ProcessBuilder(script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    throw new IllegalStateException(script + " failed");
                }
                images = output.lines().filter(line -> !line.isBlank()).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return images;
    }
}
