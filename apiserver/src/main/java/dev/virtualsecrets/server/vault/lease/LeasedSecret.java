package dev.virtualsecrets.server.vault.lease;

import java.time.Instant;
import java.util.UUID;

/**
 * One caller's lease on one dynamic VirtualSecret, as the registry keeps it: its key, the Vault
 * path it came from, the container renewing it, the caller and how it was obtained, when it was first issued (the object's creationTimestamp), a uid that
 * stays the same across renewals and rotations, and when the caller last read it.
 */
public final class LeasedSecret {

    private final LeaseKey key;
    private final String path;
    private final CallerLeaseContainer container;
    private final LeaseSpec spec;
    private final Instant createdAt;
    private final UUID uid;
    private volatile Instant lastAccess;
    private volatile long publishedVersion;

    LeasedSecret(LeaseKey key, String path, CallerLeaseContainer container, LeaseSpec spec, Instant createdAt) {
        this.key = key;
        this.path = path;
        this.container = container;
        this.spec = spec;
        this.createdAt = createdAt;
        this.uid = UUID.nameUUIDFromBytes(("lease\n" + key.owner() + "\n" + key.namespace() + "\n" + key.name()
                + "\n" + createdAt).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        this.lastAccess = createdAt;
    }

    public LeaseKey key() {
        return key;
    }

    /** The Vault path the secret was obtained from ({@code spec.source.path}). */
    public String path() {
        return path;
    }

    /** The current lease and credentials. */
    public LeaseState state() {
        return container.current();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public UUID uid() {
        return uid;
    }

    public Instant lastAccess() {
        return lastAccess;
    }

    void touch(Instant now) {
        lastAccess = now;
    }

    CallerLeaseContainer container() {
        return container;
    }

    LeaseRegistry.Observer observer() {
        return spec.observer();
    }

    /** Whose lease it is and how it is obtained. */
    public LeaseSpec spec() {
        return spec;
    }

    /** Whether {@code state} has not been published yet; marks it published. */
    boolean markPublished(LeaseState state) {
        synchronized (this) {
            if (state.version() == publishedVersion) {
                return false;
            }
            publishedVersion = state.version();
            return true;
        }
    }
}
