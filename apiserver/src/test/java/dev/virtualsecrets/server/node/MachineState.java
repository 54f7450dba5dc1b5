package dev.virtualsecrets.server.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a node changes on this machine, read with the real tools: iptables rules and chains (filter,
 * nat, mangle; counters left out), network links, the sysctls the kubelet and a node touch, and
 * mounts and processes under a stack's directory.
 */
record MachineState(String iptables, List<String> links, Map<String, String> sysctls) {

    private static final List<String> SYSCTLS = List.of("vm.overcommit_memory", "kernel.panic", "kernel.panic_on_oops",
            "vm.panic_on_oom", "net.ipv4.ip_forward", "net.ipv4.conf.all.route_localnet",
            "net.bridge.bridge-nf-call-iptables");

    static MachineState capture() {
        StringBuilder rules = new StringBuilder();
        for (String table : List.of("filter", "nat", "mangle")) {
            run("iptables-save", "-t", table).lines()
                    .filter(line -> !line.startsWith("#"))
                    .map(line -> line.replaceAll("\\[\\d+:\\d+]", "[-]"))
                    .forEach(line -> rules.append(line).append('\n'));
        }
        List<String> links = run("ip", "-o", "link", "show").lines()
                .map(line -> line.split(":")[1].strip())
                .sorted()
                .toList();
        Map<String, String> sysctls = new LinkedHashMap<>();
        for (String name : SYSCTLS) {
            sysctls.put(name, run("sysctl", "-n", name).strip());
        }
        return new MachineState(rules.toString(), links, sysctls);
    }

    /** Packets counted by each rule of VSEC-GUARD and VSEC-GUARD-PODS, by the rule's comment. */
    static Map<String, Long> guardCounters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String chain : List.of("VSEC-GUARD", "VSEC-GUARD-PODS")) {
            run("iptables", "-nvxL", chain).lines()
                    .filter(line -> line.contains("/*"))
                    .forEach(line -> counters.put(line.substring(line.indexOf("/*") + 2, line.indexOf("*/")).strip(),
                            Long.parseLong(line.strip().split("\\s+")[0])));
        }
        return counters;
    }

    static List<String> mountsUnder(Path directory) {
        String prefix = directory.toAbsolutePath() + "/";
        return run("cat", "/proc/mounts").lines()
                .map(line -> line.split(" ")[1])
                .filter(mount -> mount.startsWith(prefix))
                .toList();
    }

    /** Processes whose command line names the directory (the stack's binaries are given its files). */
    static List<String> processesNaming(Path directory) {
        String name = directory.toAbsolutePath().toString();
        List<String> found = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(dir -> {
                        try {
                            String command = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
                                    .replace('\0', ' ');
                            if (command.contains(name)) {
                                found.add(dir.getFileName() + ": " + command.strip());
                            }
                        } catch (IOException e) {
                            // gone
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than 30 s");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
