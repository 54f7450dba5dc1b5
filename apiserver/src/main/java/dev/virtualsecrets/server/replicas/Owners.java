package dev.virtualsecrets.server.replicas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Which replica serves an identity: rendezvous (highest random weight) hashing of the identity's
 * user name with each replica's id. Every replica computes the same owner from the same member
 * list, and a replica joining or leaving moves only the identities it gains or had.
 */
public final class Owners {

    private Owners() {
    }

    /** The owner of {@code key} among {@code members} (not empty). */
    public static Replica owner(String key, List<Replica> members) {
        Replica best = null;
        long bestWeight = 0;
        for (Replica member : members) {
            long weight = weight(key, member.id());
            if (best == null || Long.compareUnsigned(weight, bestWeight) > 0
                    || (weight == bestWeight && member.id().compareTo(best.id()) < 0)) {
                best = member;
                bestWeight = weight;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no replica");
        }
        return best;
    }

    static long weight(String key, String replicaId) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(key.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(replicaId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha256.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
