package dev.virtualsecrets.certs;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes files only their owner may read, such as private keys. */
final class PrivateFiles {

    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Restricts permissions before any content is written, so the key is never world-readable. */
    static void write(Path file, String content) throws IOException {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) {
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
            } else {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
            }
        }
        Files.writeString(file, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }
}
