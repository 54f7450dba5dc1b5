package dev.virtualsecrets.server.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The host pid of a pod's server process: the java whose environment names the pod as its HOSTNAME. */
final class ContainerProcess {

    private ContainerProcess() {
    }

    static long of(String pod) throws IOException {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(dir -> read(dir.resolve("cmdline")).contains("virtualsecrets-apiserver.jar"))
                    .filter(dir -> read(dir.resolve("environ")).contains("\0HOSTNAME=" + pod + "\0")
                            || read(dir.resolve("environ")).startsWith("HOSTNAME=" + pod + "\0"))
                    .mapToLong(dir -> Long.parseLong(dir.getFileName().toString()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no server process of pod " + pod + " on this host"));
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // gone, or not ours to read
        }
    }
}
