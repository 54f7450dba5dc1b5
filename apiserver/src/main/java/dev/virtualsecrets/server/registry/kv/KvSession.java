package dev.virtualsecrets.server.registry.kv;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.registry.VaultFailures;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.kv.CheckAndSetMismatchException;
import dev.virtualsecrets.server.vault.kv.KeyValueV2;
import org.springframework.vault.support.Versioned;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** One caller's Vault calls for one request, with failures mapped to API errors. */
final class KvSession {

    private final KeyValueV2 kv;
    private final ExecutorService readers;
    private final CallerIdentity caller;
    private final String verb;
    private final String namespace;
    private final String name;

    /** {@code readers}: where reads that run side by side run. */
    KvSession(KeyValueV2 kv, ExecutorService readers, CallerIdentity caller, String verb, String namespace,
              String name) {
        this.kv = kv;
        this.readers = readers;
        this.caller = caller;
        this.verb = verb;
        this.namespace = namespace;
        this.name = name;
    }

    KeyValueV2 kv() {
        return kv;
    }

    <T> T call(Supplier<T> vaultCall) {
        try {
            return vaultCall.get();
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw VaultFailures.toApiException(e, caller, verb, namespace, name);
        }
    }

    /** A lost check-and-set stays a {@link CheckAndSetMismatchException}: the storage decides what it means. */
    Versioned.Metadata writeData(String path, Map<String, String> data, long cas) {
        try {
            return kv.writeData(path, data, cas);
        } catch (CheckAndSetMismatchException e) {
            throw e;
        } catch (RuntimeException e) {
            throw VaultFailures.toApiException(e, caller, verb, namespace, name);
        }
    }

    List<String> list(String folder) {
        return call(() -> kv.list(folder));
    }

    KvMetadata readMetadata(String path) {
        return call(() -> kv.readMetadata(path)).map(KvMetadata::of).orElse(null);
    }

    /**
     * The live current version with its data, or null when absent, deleted or destroyed. The
     * metadata and the latest data are read at the same time (one round trip, not two); if a
     * write slipped in between, the data's version differs and is read again, pinned.
     */
    KvSecret read(String path) {
        Future<KvMetadata> metadataRead = readers.submit(() -> readMetadata(path));
        Optional<Versioned<Map<String, String>>> latest = call(() -> kv.readData(path, 0));
        KvMetadata metadata = join(metadataRead);
        if (metadata == null || !metadata.currentVersionLive()) {
            return null;
        }
        if (latest.isEmpty() || latest.get().getVersion().getVersion() != metadata.currentVersion()) {
            latest = call(() -> kv.readData(path, metadata.currentVersion()));
        }
        return latest.map(data -> new KvSecret(metadata, data.getRequiredData())).orElse(null);
    }

    /** The task's result; its ApiException (or other failure) as if thrown here. */
    static <T> T join(Future<T> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiErrors.serviceUnavailable("the request was interrupted", 1);
        }
    }
}
