package dev.virtualsecrets.csi.files;

import dev.virtualsecrets.csi.volume.InvalidVolumeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretFilesTest {

    @TempDir
    Path root;

    private static Map<String, Map<String, byte[]>> secrets(String password) {
        return Map.of("db-app", Map.of("username", bytes("app"), "password", bytes(password)),
                "api-key", Map.of("key", bytes("k-1")));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachSecretIsADirectoryOfReadOnlyFilesBehindTheDataLink() throws Exception {
        assertTrue(SecretFiles.write(root, secrets("pw-1"), 2000));

        assertEquals("pw-1", Files.readString(root.resolve("db-app/password")));
        assertEquals("k-1", Files.readString(root.resolve("api-key/key")));
        assertTrue(Files.isSymbolicLink(root.resolve("db-app")));
        assertEquals(Path.of("..data", "db-app"), Files.readSymbolicLink(root.resolve("db-app")));
        assertTrue(Files.readSymbolicLink(root.resolve("..data")).getFileName().toString().startsWith(".."));
        Path file = root.resolve("..data/db-app/password");
        assertEquals("r--r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(2000, Files.getAttribute(file, "unix:gid"));
        assertEquals("r-xr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                root.resolve("..data/db-app"))));
    }

    @Test
    void aNewVersionReplacesTheWholeSetAtOnceAndTheOldOneIsGone() throws Exception {
        SecretFiles.write(root, secrets("pw-1"), null);
        Path first = Files.readSymbolicLink(root.resolve("..data"));

        assertFalse(SecretFiles.write(root, secrets("pw-1"), null), "the same values change nothing");
        assertEquals(first, Files.readSymbolicLink(root.resolve("..data")));
        assertTrue(SecretFiles.write(root, secrets("pw-2"), null));

        assertEquals("pw-2", Files.readString(root.resolve("db-app/password")));
        assertFalse(Files.exists(root.resolve(first)), "the previous version was removed");
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(List.of("..data", "api-key", "db-app"), entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("..") || name.equals("..data")).sorted().toList());
        }
        assertEquals("pw-2", new String(SecretFiles.read(root).get("db-app").get("password"), StandardCharsets.UTF_8));
    }

    @Test
    void aSwitchLeftHalfDoneByADeadProcessDoesNotBlockTheNextOne() throws Exception {
        SecretFiles.write(root, secrets("pw-1"), null);
        Files.createSymbolicLink(root.resolve("..data_tmp"), Path.of("..gone"));

        assertTrue(SecretFiles.write(root, secrets("pw-2"), null));

        assertEquals("pw-2", Files.readString(root.resolve("db-app/password")));
        assertFalse(Files.exists(root.resolve("..data_tmp"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aKeyThatIsNoFileNameIsRefusedBeforeAnythingIsWritten() throws Exception {
        assertThrows(InvalidVolumeException.class, () -> SecretFiles.write(root,
                Map.of("db-app", Map.of("../escape", bytes("x"))), null));
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(0, entries.count());
        }
    }
}
