package dev.virtualsecrets.server.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The client-go dynamic informer of {@code e2e/clientgo} (client-go ≥ 0.35, WatchList on), or its
 * metadata informer, built with the machine's Go and run as a process; its JSON event lines are
 * read as they come.
 */
public final class ClientGoInformer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();

    private ClientGoInformer(Process process) {
        this.process = process;
        Thread.ofVirtual().name("client-go-informer-reader").start(this::read);
    }

    public static ClientGoInformer start(Path root, Path kubeconfig, String namespace, Path logFile) {
        return start(root, logFile, "--kubeconfig", kubeconfig.toString(), "--namespace", namespace);
    }

    /** client-go's metadata informer (PartialObjectMetadata), as kube-controller-manager's garbage collector runs it. */
    public static ClientGoInformer startMetadataInformer(Path root, Path kubeconfig, String namespace, Path logFile) {
        return start(root, logFile, "--metadata", "--kubeconfig", kubeconfig.toString(), "--namespace", namespace);
    }

    /**
     * One server-side apply of {@code object} (YAML or JSON) with client-go's dynamic {@code Apply};
     * the probe's result line: {@code name}, {@code resourceVersion} and {@code managers}
     * ({@code manager/operation}), or the refusal's {@code code}, {@code reason} and {@code message}.
     */
    public static JsonNode apply(Path root, Path kubeconfig, String namespace, String manager, boolean force,
                                 String object) {
        return apply(root, kubeconfig, namespace, manager, force, object, false);
    }

    /** {@link #apply} of a ConfigMap: kube-apiserver's own answer, to compare ours with. */
    public static JsonNode applyConfigMap(Path root, Path kubeconfig, String namespace, String manager, String object) {
        return apply(root, kubeconfig, namespace, manager, false, object, true);
    }

    private static JsonNode apply(Path root, Path kubeconfig, String namespace, String manager, boolean force,
                                  String object, boolean configMap) {
        List<String> command = new ArrayList<>(List.of(build(root).toString(), "--kubeconfig", kubeconfig.toString(),
                "--namespace", namespace, "--apply", manager));
        if (force) {
            command.add("--force");
        }
        if (configMap) {
            command.add("--configmap");
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().write(object.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !stdout.startsWith("{")) {
                throw new AssertionError("client-go apply failed: " + stdout + stderr);
            }
            return JSON.readTree(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ClientGoInformer start(Path root, Path logFile, String... arguments) {
        Path binary = build(root);
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString()));
            command.addAll(List.of(arguments));
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new ClientGoInformer(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next event matching {@code expected} within {@code timeout}; earlier ones are skipped. */
    public JsonNode await(Predicate<JsonNode> expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long remaining = deadline - System.nanoTime();
            JsonNode event = remaining > 0 ? events.poll(remaining, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError("client-go informer: no matching event within " + timeout
                        + (process.isAlive() ? "" : " (the informer exited with " + process.exitValue() + ")"));
            }
            if (expected.test(event)) {
                return event;
            }
        }
    }

    public static Predicate<JsonNode> event(String type, String name) {
        return event -> type.equals(event.path("event").asText())
                && (name == null || name.equals(event.path("name").asText()));
    }

    @Override
    public void close() {
        process.destroy();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("{")) {
                    events.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    /** {@code go} from PATH, else from its usual home. */
    private static String goBinary() {
        Path usual = Path.of("/usr/local/go/bin/go");
        boolean onPath = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, "go")));
        return !onPath && java.nio.file.Files.isExecutable(usual) ? usual.toString() : "go";
    }

    private static synchronized Path build(Path root) {
        Path source = root.resolve("e2e/clientgo");
        Path binary = root.resolve("apiserver/target/vsec-clientgo-informer");
        try {
            Process go = new ProcessBuilder(goBinary(), "build", "-o", binary.toString(), ".")
                    .directory(source.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!go.waitFor(600, TimeUnit.SECONDS) || go.exitValue() != 0) {
                throw new IllegalStateException("go build of e2e/clientgo failed:\n" + output);
            }
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("building e2e/clientgo needs Go ('go' on PATH)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
