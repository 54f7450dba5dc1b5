package dev.virtualsecrets.server.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root: the nearest directory above the working directory that has {@code hack/}. */
public final class RepositoryRoot {

    private RepositoryRoot() {
    }

    public static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("hack"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no hack/ directory above " + Path.of("").toAbsolutePath());
    }
}
