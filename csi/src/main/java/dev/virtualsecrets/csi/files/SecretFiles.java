package dev.virtualsecrets.csi.files;

import dev.virtualsecrets.csi.volume.InvalidVolumeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files of one volume, laid out as the kubelet lays out Secret volumes so that an application
 * never sees half an update: every version is written whole into a new hidden directory
 * {@code ..<random>/<secret>/<key>}, then the symlink {@code ..data} is switched to it with one
 * rename, and {@code <secret>} links to {@code ..data/<secret>}. Files are 0440 and directories
 * 0550, owned by root and by the pod's fsGroup when it has one.
 */
public final class SecretFiles {

    static final String DATA = "..data";
    /** Secret keys as Kubernetes allows them; never a path. */
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private SecretFiles() {
    }

    /**
     * Makes {@code root} hold {@code secrets} (secret → key → value). Nothing changes when it holds
     * exactly that already.
     *
     * @return whether the files changed
     */
    public static boolean write(Path root, Map<String, Map<String, byte[]>> secrets, Integer group) {
        secrets.values().forEach(data -> data.keySet().forEach(SecretFiles::requireValidKey));
        try {
            if (equal(read(root), secrets)) {
                return false;
            }
            Path version = Files.createTempDirectory(root, "..");
            for (Map.Entry<String, Map<String, byte[]>> secret : secrets.entrySet()) {
                Path dir = Files.createDirectory(version.resolve(secret.getKey()));
                for (Map.Entry<String, byte[]> entry : secret.getValue().entrySet()) {
                    Path file = Files.write(dir.resolve(entry.getKey()), entry.getValue());
                    own(file, "r--r-----", group);
                }
                own(dir, "r-xr-x---", group);
            }
            own(version, "r-xr-x---", group);
            Path previous = Files.isSymbolicLink(root.resolve(DATA)) ? root.resolve(Files.readSymbolicLink(root.resolve(DATA)))
                    : null;
            Files.deleteIfExists(root.resolve(DATA + "_tmp")); // left by a process that died mid-switch
            Path next = Files.createSymbolicLink(root.resolve(DATA + "_tmp"), version.getFileName());
            Files.move(next, root.resolve(DATA), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            for (String name : secrets.keySet()) {
                Path link = root.resolve(name);
                if (!Files.isSymbolicLink(link)) {
                    Files.createSymbolicLink(link, Path.of(DATA, name));
                }
            }
            if (previous != null) {
                Trees.delete(previous);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the volume's files under " + root, e);
        }
    }

    /** What {@code root} holds now (secret → key → value); empty when nothing was written yet. */
    public static Map<String, Map<String, byte[]>> read(Path root) throws IOException {
        Map<String, Map<String, byte[]>> current = new LinkedHashMap<>();
        Path data = root.resolve(DATA);
        if (!Files.isDirectory(data)) {
            return current;
        }
        try (DirectoryStream<Path> secrets = Files.newDirectoryStream(data)) {
            for (Path secret : secrets) {
                Map<String, byte[]> values = new LinkedHashMap<>();
                try (DirectoryStream<Path> keys = Files.newDirectoryStream(secret)) {
                    for (Path key : keys) {
                        values.put(key.getFileName().toString(), Files.readAllBytes(key));
                    }
                }
                current.put(secret.getFileName().toString(), values);
            }
        }
        return current;
    }

    private static boolean equal(Map<String, Map<String, byte[]>> a, Map<String, Map<String, byte[]>> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String secret : a.keySet()) {
            Map<String, byte[]> x = a.get(secret);
            Map<String, byte[]> y = b.get(secret);
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (String key : x.keySet()) {
                if (!Arrays.equals(x.get(key), y.get(key))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void requireValidKey(String key) {
        if (!KEY.matcher(key).matches() || key.equals(".") || key.startsWith("..")) {
            throw new InvalidVolumeException("the key \"" + key + "\" cannot be a file name");
        }
    }

    private static void own(Path path, String permissions, Integer group) throws IOException {
        Set<java.nio.file.attribute.PosixFilePermission> mode = PosixFilePermissions.fromString(permissions);
        Files.setPosixFilePermissions(path, mode);
        if (group != null) {
            Files.setAttribute(path, "unix:gid", group);
        }
    }
}
