package dev.virtualsecrets.server.registry.kv;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class KvObjectsUidTest {

    private static final Instant CREATED = Instant.parse("2026-11-28T01:16:40.169454859Z");

    @Test
    void sameLocationAndCreationGiveTheSameUid() {
        assertEquals(KvObjects.uid("secret", "kubernetes/ns/a", CREATED),
                KvObjects.uid("secret", "kubernetes/ns/a", CREATED));
    }

    @Test
    void recreationOrAnotherLocationGiveAnotherUid() {
        var uid = KvObjects.uid("secret", "kubernetes/ns/a", CREATED);
        assertNotEquals(uid, KvObjects.uid("secret", "kubernetes/ns/a", Instant.parse("2026-11-28T01:16:41.000000001Z")));
        assertNotEquals(uid, KvObjects.uid("secret", "kubernetes/ns/b", CREATED));
        assertNotEquals(uid, KvObjects.uid("other", "kubernetes/ns/a", CREATED));
    }

    @Test
    void theUidOfAnExistingSecretNeverChangesAcrossReleases() {
        // Pinned: clients (owner references, informers' caches) hold uids across server upgrades.
        assertEquals("5668a3ba-2c8d-3e76-9156-35b453874b16",
                KvObjects.uid("secret", "kubernetes/ns/a", CREATED).toString());
    }
}
