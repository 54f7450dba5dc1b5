package dev.virtualsecrets.server.registry.dynamic;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecretLease;
import dev.virtualsecrets.api.VirtualSecretSource;
import dev.virtualsecrets.api.VirtualSecretSpec;
import dev.virtualsecrets.api.VirtualSecretStatus;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.meta.DeleteOptions;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.registry.NamedSource;
import dev.virtualsecrets.server.registry.ObjectNames;
import dev.virtualsecrets.server.registry.Preconditions;
import dev.virtualsecrets.server.registry.VaultFailures;
import dev.virtualsecrets.server.registry.rest.Deleter;
import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.registry.rest.Lister;
import dev.virtualsecrets.server.registry.rest.MetadataGetter;
import dev.virtualsecrets.server.registry.rest.MetadataLister;
import dev.virtualsecrets.server.registry.rest.Watcher;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.VaultErrors;
import dev.virtualsecrets.server.vault.VaultSessions;
import dev.virtualsecrets.server.vault.lease.HandedOverLease;
import dev.virtualsecrets.server.vault.lease.LeaseKey;
import dev.virtualsecrets.server.vault.lease.LeaseRegistry;
import dev.virtualsecrets.server.vault.lease.LeaseSpec;
import dev.virtualsecrets.server.vault.lease.LeaseState;
import dev.virtualsecrets.server.vault.lease.LeasedSecret;
import dev.virtualsecrets.server.vault.lease.SecretNotFoundException;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchEvent;
import dev.virtualsecrets.server.watch.WatchHub;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.virtualsecrets.server.registry.rest.VirtualSecretResource.GROUP_RESOURCE;

/**
 * The VirtualSecrets of one dynamic source (database credentials, PKI certificates): a get issues
 * the caller's credentials through the {@link LeaseRegistry}, or returns the caller's lease held
 * already; list shows the leases the caller holds; delete revokes the caller's lease. Watch events
 * come from the lease events and reach only watchers with the lease's identity. Writes are
 * refused with 405: Vault issues these secrets, nobody writes them. Metadata-only reads answer from
 * the leases the caller holds and never issue credentials: a metadata get of a secret the caller
 * holds no lease for is 404, as it is absent from the caller's list.
 */
public final class DynamicSecretStorage implements NamedSource, Getter, Lister, MetadataGetter, MetadataLister,
        Deleter, Watcher, LeaseRegistry.Observer {

    private final DynamicSource source;
    private final LeaseRegistry leases;
    private final VaultSessions vault;
    private final WatchHub hub;
    private final ResourceVersionClock versions;

    public DynamicSecretStorage(DynamicSource source, LeaseRegistry leases, VaultSessions vault, WatchHub hub,
                                ResourceVersionClock versions) {
        this.source = source;
        this.leases = leases;
        this.vault = vault;
        this.hub = hub;
        this.versions = versions;
    }

    @Override
    public boolean serves(String name) {
        return source.serves(name);
    }

    @Override
    public String engine() {
        return source.engine();
    }

    @Override
    public String refusal(String name) {
        return "VirtualSecret \"" + name + "\" is issued by Vault's " + source.engine() + " secrets engine: it can be"
                + " read, listed, watched and deleted (which revokes your lease), not written";
    }

    @Override
    public VirtualSecret get(CallerIdentity caller, String namespace, String name, GetOptions options) {
        return toObject(obtain(caller, namespace, name));
    }

    private LeasedSecret obtain(CallerIdentity caller, String namespace, String name) {
        requireValid(namespace, name);
        try {
            return leases.obtain(new LeaseKey(caller.key(), namespace, name), spec(caller, namespace, name));
        } catch (SecretNotFoundException e) {
            throw ApiErrors.notFound(GROUP_RESOURCE, name);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            if (VaultErrors.isUnknownRole(e)) {
                throw ApiErrors.notFound(GROUP_RESOURCE, name);
            }
            throw VaultFailures.toApiException(e, caller, "get", namespace, name);
        }
    }

    private LeaseSpec spec(CallerIdentity caller, String namespace, String name) {
        return new LeaseSpec(caller, () -> source.request(namespace, name), () -> vault.forCaller(caller), source::end,
                this);
    }

    /**
     * Takes over the caller's lease another replica held (see {@link LeaseRegistry#adopt}); false
     * when refused.
     */
    public boolean adopt(CallerIdentity caller, String namespace, String name, HandedOverLease lease) {
        requireValid(namespace, name);
        return leases.adopt(new LeaseKey(caller.key(), namespace, name), spec(caller, namespace, name), lease);
    }

    /**
     * The leases the caller holds. A field selector naming one object issues that object's
     * credentials, as a get does, so that {@code kubectl get vsec db-app -w} and informers on one
     * name work.
     */
    @Override
    public List<VirtualSecret> list(CallerIdentity caller, String namespace, ListOptions options) {
        String name = options.name().orElse(null);
        if (name == null || namespace == null || !source.serves(name)) {
            // One registry holds the leases of every dynamic source: this source lists its own.
            return leases.held(caller.key(), namespace).stream()
                    .filter(secret -> source.serves(secret.key().name()))
                    .filter(secret -> name == null || name.equals(secret.key().name()))
                    .map(this::toObject).toList();
        }
        try {
            return List.of(get(caller, namespace, name, GetOptions.NONE));
        } catch (ApiException e) {
            // As for KV: what the caller may not read, or what does not exist, is not listed.
            if (ApiErrors.isForbidden(e) || ApiErrors.isNotFound(e)) {
                return List.of();
            }
            throw e;
        }
    }

    @Override
    public V1ObjectMeta getMetadata(CallerIdentity caller, String namespace, String name, GetOptions options) {
        requireValid(namespace, name);
        LeasedSecret held = leases.find(new LeaseKey(caller.key(), namespace, name))
                .orElseThrow(() -> ApiErrors.notFound(GROUP_RESOURCE, name));
        return toObjectMeta(held, held.state());
    }

    /** The leases the caller holds, as {@link #list} without a field selector: nothing is issued. */
    @Override
    public List<V1ObjectMeta> listMetadata(CallerIdentity caller, String namespace, ListOptions options) {
        return leases.held(caller.key(), namespace).stream()
                .filter(secret -> source.serves(secret.key().name()))
                .map(secret -> toObjectMeta(secret, secret.state())).toList();
    }

    /** Revokes the caller's lease; 404 when the caller holds none. */
    @Override
    public VirtualSecret delete(CallerIdentity caller, String namespace, String name, DeleteOptions options) {
        requireValid(namespace, name);
        LeaseKey key = new LeaseKey(caller.key(), namespace, name);
        LeasedSecret held = leases.find(key).orElseThrow(() -> ApiErrors.notFound(GROUP_RESOURCE, name));
        VirtualSecret current = toObject(held);
        Preconditions.check(current, options);
        if (options.dryRun()) {
            return current;
        }
        leases.revoke(key).orElseThrow(() -> ApiErrors.notFound(GROUP_RESOURCE, name));
        current.getMetadata().setResourceVersion(Long.toString(versions.current()));
        return current;
    }

    /** Only the lease's own identity ever receives its events (see {@link WatchEvent#audience()}). */
    @Override
    public boolean visibleTo(CallerIdentity caller, String namespace, String name) {
        return true;
    }

    @Override
    public void created(LeasedSecret secret, LeaseState state) {
        hub.publish(WatchEvent.forOwner(WatchEvent.Type.ADDED, state.version(), toObject(secret, state),
                secret.key().owner()));
    }

    @Override
    public void changed(LeasedSecret secret, LeaseState state, boolean rotated) {
        hub.publish(WatchEvent.forOwner(WatchEvent.Type.MODIFIED, state.version(), toObject(secret, state),
                secret.key().owner()));
    }

    @Override
    public void ended(LeasedSecret secret, LeaseState last) {
        long version = versions.next();
        VirtualSecret gone = toObject(secret, last);
        gone.getMetadata().setResourceVersion(Long.toString(version));
        hub.publish(WatchEvent.forOwner(WatchEvent.Type.DELETED, version, gone, secret.key().owner()));
    }

    private VirtualSecret toObject(LeasedSecret secret) {
        return toObject(secret, secret.state());
    }

    private VirtualSecret toObject(LeasedSecret secret, LeaseState state) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        source.data(state.secrets()).forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        VirtualSecretLease lease = new VirtualSecretLease()
                .id(state.hasLeaseId() ? state.leaseId() : null)
                .durationSeconds(state.duration().toSeconds())
                .renewable(state.renewable())
                .expiresAt(state.expiresAt() == null ? null
                        : state.expiresAt().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
        return new VirtualSecret()
                .metadata(toObjectMeta(secret, state))
                .type(source.type())
                .data(data)
                .spec(new VirtualSecretSpec().source(new VirtualSecretSource()
                        .engine(source.engine())
                        .path(secret.path())))
                .status(new VirtualSecretStatus().lease(lease));
    }

    private static V1ObjectMeta toObjectMeta(LeasedSecret secret, LeaseState state) {
        return new V1ObjectMeta()
                .name(secret.key().name())
                .namespace(secret.key().namespace())
                .uid(secret.uid().toString())
                .resourceVersion(Long.toString(state.version()))
                .creationTimestamp(secret.createdAt().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    private static void requireValid(String namespace, String name) {
        if (namespace == null || !ObjectNames.validateNamespace(namespace).isEmpty()) {
            throw ApiErrors.badRequest("a namespace is required");
        }
        if (name == null || !ObjectNames.validateName(name).isEmpty()) {
            throw ApiErrors.notFound(GROUP_RESOURCE, name);
        }
    }
}
