package dev.virtualsecrets.server.vault.lease;

import dev.virtualsecrets.server.vault.VaultErrors;
import dev.virtualsecrets.server.vault.VaultPaths;
import dev.virtualsecrets.server.vault.VaultSession;
import org.springframework.vault.support.VaultResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The lease ids this replica holds, recorded in Vault (a KV v2 folder the server owns, one secret
 * per lease under {@code <folder>/<replicaId>/}) and never in etcd: a replica that was killed finds
 * them when it starts again and revokes them. Only lease ids are written, never credentials.
 * Recording is best effort: a failure is logged and the lease is still served (it then ends at its
 * own max TTL if the server dies).
 */
public final class LeaseRecords {

    private static final Logger LOG = Logger.getLogger(LeaseRecords.class.getName());

    private final VaultSession server;
    private final String mount;
    private final String root;
    private final String replicaId;
    private final String folder;

    /**
     * @param server    the server's own Vault session (its policy owns the folder)
     * @param mount     the KV v2 mount
     * @param path      the folder under the mount
     * @param replicaId this replica's subfolder
     */
    public LeaseRecords(VaultSession server, String mount, String path, String replicaId) {
        requireValidReplicaId(replicaId);
        this.server = server;
        this.mount = VaultPaths.trimSlashes(mount);
        this.root = VaultPaths.trimSlashes(path);
        this.replicaId = replicaId;
        this.folder = root + "/" + replicaId;
    }

    /** A replica id names one folder: not blank, no '/' and no '..'. */
    public static String requireValidReplicaId(String replicaId) {
        if (replicaId == null || replicaId.isBlank() || replicaId.contains("/") || replicaId.contains("..")) {
            throw new IllegalArgumentException("invalid lease replicaId \"" + replicaId + "\"");
        }
        return replicaId;
    }

    public void remember(String leaseId) {
        try {
            server.write(mount + "/data/" + folder + "/" + recordName(leaseId),
                    Map.of("data", Map.of("lease_id", leaseId)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record lease " + leaseId + " in Vault: " + VaultErrors.summary(e));
        }
    }

    public void forget(String leaseId) {
        try {
            server.delete(mount + "/metadata/" + folder + "/" + recordName(leaseId));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not remove the record of lease " + leaseId + " from Vault: "
                    + VaultErrors.summary(e));
        }
    }

    /**
     * Revokes every lease recorded for this replica (left behind by an earlier process) and removes
     * the records. A lease Vault no longer knows counts as revoked.
     *
     * @return how many leases were revoked
     */
    public int revokeOrphans() {
        return revokeRecordedBy(replicaId);
    }

    /** The replicas that have lease records, this one included. */
    public List<String> recordingReplicas() {
        try {
            return server.list(mount + "/metadata/" + root).stream()
                    .filter(name -> name.endsWith("/")).map(name -> name.substring(0, name.length() - 1)).toList();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not list the lease records in Vault: " + VaultErrors.summary(e));
            return List.of();
        }
    }

    /**
     * Revokes every lease recorded by {@code replica} (this one's earlier process, or a replica that
     * is gone) and removes the records. A lease Vault no longer knows counts as revoked.
     *
     * @return how many leases were revoked
     */
    public int revokeRecordedBy(String replica) {
        requireValidReplicaId(replica);
        String folder = root + "/" + replica;
        int revoked = 0;
        List<String> names;
        try {
            names = server.list(mount + "/metadata/" + folder);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not list the lease records in Vault: " + VaultErrors.summary(e));
            return 0;
        }
        for (String name : names) {
            String recordPath = folder + "/" + name;
            try {
                VaultResponse record = server.read(mount + "/data/" + recordPath);
                Object leaseId = leaseIdOf(record);
                if (leaseId != null) {
                    revokeGone(leaseId.toString());
                    revoked++;
                }
                server.delete(mount + "/metadata/" + recordPath);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not revoke the orphaned lease recorded at " + recordPath + ": "
                        + VaultErrors.summary(e));
            }
        }
        return revoked;
    }

    private void revokeGone(String leaseId) {
        try {
            server.write("sys/leases/revoke", Map.of("lease_id", leaseId));
        } catch (RuntimeException e) {
            // 400: Vault no longer knows it (expired meanwhile), which is what revoking wants.
            if (VaultErrors.httpStatus(e).filter(code -> code == 400).isEmpty()) {
                throw e;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object leaseIdOf(VaultResponse record) {
        if (record == null || record.getData() == null || !(record.getData().get("data") instanceof Map<?, ?> data)) {
            return null;
        }
        return ((Map<String, Object>) data).get("lease_id");
    }

    /** Lease ids hold '/'; the record's name is a hash of the id. */
    static String recordName(String leaseId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaseId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
