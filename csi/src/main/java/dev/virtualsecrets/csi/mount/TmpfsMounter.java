package dev.virtualsecrets.csi.mount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs per volume, so that values live only in memory (never on the node's disk) and vanish
 * with the unmount: {@code mount -t tmpfs} and {@code umount} (needs CAP_SYS_ADMIN in the host's
 * mount namespace, i.e. a privileged container with Bidirectional mount propagation).
 */
public final class TmpfsMounter implements Mounter {

    private static final String SIZE = "size=4m";

    @Override
    public void mount(Path target, Integer group) {
        if (isMounted(target)) {
            return;
        }
        String options = SIZE + ",mode=0550" + (group == null ? "" : ",gid=" + group) + ",nodev,nosuid,noexec";
        run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", target.toString()));
    }

    @Override
    public void unmount(Path target) {
        if (isMounted(target)) {
            run(List.of("umount", target.toString()));
        }
    }

    /** Whether {@code target} is a mount point, from this process's mountinfo. */
    @Override
    public boolean isMounted(Path target) {
        String wanted = target.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command));
        }
    }
}
