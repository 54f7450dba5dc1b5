package dev.virtualsecrets.server.registry.kv;

import dev.virtualsecrets.server.watch.ResourceVersionClock;
import org.springframework.vault.support.VaultMetadataResponse;
import org.springframework.vault.support.Versioned;

import java.time.Instant;
import java.util.Map;

/** The state of one KV secret that matters here; {@code currentVersionCreated} may be null when not live. */
record KvMetadata(long currentVersion, boolean currentVersionLive, Instant createdTime,
                  Instant currentVersionCreated, Map<String, String> customMetadata) {

    static KvMetadata of(VaultMetadataResponse metadata) {
        Versioned.Metadata current = metadata.getVersions().stream()
                .filter(version -> version.getVersion().getVersion() == metadata.getCurrentVersion())
                .findFirst().orElse(null);
        boolean live = current != null && !current.isDeleted() && !current.isDestroyed();
        return new KvMetadata(metadata.getCurrentVersion(), live, metadata.getCreatedTime(),
                current == null ? null : current.getCreatedAt(), metadata.getCustomMetadata());
    }

    long resourceVersion() {
        return ResourceVersionClock.of(currentVersionCreated);
    }
}
