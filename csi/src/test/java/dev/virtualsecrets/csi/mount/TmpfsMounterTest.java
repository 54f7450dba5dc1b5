package dev.virtualsecrets.csi.mount;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A real tmpfs, mounted and unmounted (root only: the driver runs privileged). */
class TmpfsMounterTest {

    @TempDir
    Path dir;

    @Test
    void aTmpfsIsMountedOnceAndWhatItHeldGoesWithTheUnmount() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        TmpfsMounter mounter = new TmpfsMounter();
        Path target = Files.createDirectory(dir.resolve("mount point"));
        try {
            mounter.mount(target, 2000);
            mounter.mount(target, 2000);

            assertTrue(mounter.isMounted(target));
            assertEquals(1, Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(line -> line.contains(" " + target.toString().replace(" ", "\\040") + " ")).count(),
                    "mounted once");
            assertEquals("tmpfs", Files.getFileStore(target).type());
            assertEquals(2000, Files.getAttribute(target, "unix:gid"));
            Files.writeString(target.resolve("value"), "in memory only");
        } finally {
            mounter.unmount(target);
        }
        assertFalse(mounter.isMounted(target));
        assertFalse(Files.exists(target.resolve("value")), "the files went with the tmpfs");
    }
}
