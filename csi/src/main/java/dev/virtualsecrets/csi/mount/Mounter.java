package dev.virtualsecrets.csi.mount;

import java.nio.file.Path;

/** Puts a volume's own filesystem at its target path and takes it away again. */
public interface Mounter {

    /** Mounts an empty filesystem at {@code target} (an existing directory) unless one is there already. */
    void mount(Path target, Integer group);

    /** Unmounts {@code target} if something is mounted there. */
    void unmount(Path target);

    boolean isMounted(Path target);

    /** No filesystem of its own: the files live in the target directory (tests without root only). */
    Mounter NONE = new Mounter() {
        @Override
        public void mount(Path target, Integer group) {
        }

        @Override
        public void unmount(Path target) {
        }

        @Override
        public boolean isMounted(Path target) {
            return false;
        }
    };
}
