package dev.virtualsecrets.server.registry.kv;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Read and write locks per KV path (striped, so memory stays fixed), for this process.
 *
 * <p>A KV v2 write is two Vault requests: the data with check-and-set, then the custom metadata
 * (labels, annotations, managedFields), which has no check-and-set. Between them a reader would see
 * the new data with the previous labels, and a read-modify-write built on that read (a patch) would
 * put the previous labels back. Writes to a path therefore hold its write lock for both requests,
 * and reads that a write may be built on hold its read lock, so they see both or neither.
 */
final class PathLocks {

    private static final int STRIPES = 256;

    private final ReadWriteLock[] stripes = new ReadWriteLock[STRIPES];

    PathLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
    }

    <T> T reading(String path, Supplier<T> read) {
        return holding(stripe(path).readLock(), read);
    }

    <T> T writing(String path, Supplier<T> write) {
        return holding(stripe(path).writeLock(), write);
    }

    private static <T> T holding(Lock lock, Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private ReadWriteLock stripe(String path) {
        return stripes[Math.floorMod(path.hashCode(), STRIPES)];
    }
}
