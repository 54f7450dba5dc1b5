package dev.virtualsecrets.server.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The ids of the Vault requests made while serving one API request, for its audit line. The
 * request's thread opens it; Vault sessions created on that thread record into it from any thread.
 */
public final class VaultRequestIds {

    /** An audit line names at most this many (a LIST of a large namespace makes one per secret). */
    public static final int MAX_RECORDED = 8;

    private static final ThreadLocal<VaultRequestIds> CURRENT = new ThreadLocal<>();
    private static final VaultRequestIds DISCARD = new VaultRequestIds();

    private final List<String> ids = new ArrayList<>();
    private int count;

    /** Starts collecting for the current thread's request. */
    public static VaultRequestIds open() {
        VaultRequestIds ids = new VaultRequestIds();
        CURRENT.set(ids);
        return ids;
    }

    /** The current thread's collector, or one that discards when no request is being served. */
    public static VaultRequestIds current() {
        VaultRequestIds ids = CURRENT.get();
        return ids == null ? DISCARD : ids;
    }

    /** Stops collecting on the current thread. */
    public void close() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    public void record(String requestId) {
        if (this == DISCARD || requestId == null || requestId.isEmpty()) {
            return;
        }
        synchronized (ids) {
            count++;
            if (ids.size() < MAX_RECORDED) {
                ids.add(requestId);
            }
        }
    }

    /** The first {@link #MAX_RECORDED} ids, or null when none (the audit line then omits them). */
    public List<String> recorded() {
        synchronized (ids) {
            return ids.isEmpty() ? null : List.copyOf(ids);
        }
    }

    /** How many Vault requests were made in all. */
    public int count() {
        synchronized (ids) {
            return count;
        }
    }
}
