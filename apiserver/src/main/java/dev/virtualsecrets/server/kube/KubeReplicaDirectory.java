package dev.virtualsecrets.server.kube;

import dev.virtualsecrets.server.replicas.Replica;
import dev.virtualsecrets.server.replicas.ReplicaDirectory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Preconditions;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Replicas announced as {@code coordination.k8s.io} Leases in the server's namespace, one per
 * replica ({@code virtualsecrets-replica-<id>}, holder = the replica id, the address in an
 * annotation), renewed like a kubelet's node lease. A Lease counts as live until renewTime +
 * leaseDurationSeconds.
 */
public final class KubeReplicaDirectory implements ReplicaDirectory {

    static final String LABEL = "virtualsecrets.dev/replica";
    static final String ADDRESS = "virtualsecrets.dev/address";
    private static final String PREFIX = "virtualsecrets-replica-";
    /** How long after its expiry the Lease of a replica that never withdrew is deleted. */
    static final Duration FORGOTTEN_AFTER = Duration.ofMinutes(10);

    private final Supplier<ApiClient> client;
    private final String namespace;
    private final Clock clock;

    public KubeReplicaDirectory(Supplier<ApiClient> client, String namespace, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
    }

    @Override
    public void renew(Replica self, Duration duration) {
        CoordinationV1Api api = new CoordinationV1Api(client.get());
        String name = PREFIX + self.id();
        V1LeaseSpec spec = new V1LeaseSpec().holderIdentity(self.id())
                .leaseDurationSeconds((int) duration.toSeconds()).renewTime(now());
        V1ObjectMeta metadata = new V1ObjectMeta().name(name).namespace(namespace)
                .labels(Map.of(LABEL, "true", "app.kubernetes.io/name", "virtualsecrets"))
                .annotations(Map.of(ADDRESS, self.address().toString()));
        try {
            V1Lease existing = api.readNamespacedLease(name, namespace).execute();
            metadata.resourceVersion(existing.getMetadata().getResourceVersion());
            api.replaceNamespacedLease(name, namespace, new V1Lease().metadata(metadata).spec(spec)).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw new KubernetesCallException("renew replica Lease", e.getCode());
            }
            try {
                api.createNamespacedLease(namespace, new V1Lease().metadata(metadata).spec(spec)).execute();
            } catch (ApiException created) {
                throw new KubernetesCallException("create replica Lease", created.getCode());
            }
        }
    }

    @Override
    public List<Replica> live() {
        List<V1Lease> leases;
        try {
            leases = new CoordinationV1Api(client.get()).listNamespacedLease(namespace).labelSelector(LABEL + "=true")
                    .execute().getItems();
        } catch (ApiException e) {
            throw new KubernetesCallException("list replica Leases", e.getCode());
        }
        OffsetDateTime now = now();
        List<Replica> live = new ArrayList<>();
        for (V1Lease lease : leases) {
            V1LeaseSpec spec = lease.getSpec();
            Map<String, String> annotations = lease.getMetadata().getAnnotations();
            if (spec == null || spec.getRenewTime() == null || spec.getLeaseDurationSeconds() == null
                    || spec.getHolderIdentity() == null || annotations == null || annotations.get(ADDRESS) == null) {
                continue;
            }
            OffsetDateTime expiry = spec.getRenewTime().plusSeconds(spec.getLeaseDurationSeconds());
            if (expiry.isAfter(now)) {
                live.add(new Replica(spec.getHolderIdentity(), URI.create(annotations.get(ADDRESS))));
            } else if (expiry.plus(FORGOTTEN_AFTER).isBefore(now)) {
                deleteForgotten(lease);
            }
        }
        return live;
    }

    /**
     * Removes the Lease of a replica that never withdrew (killed, its node lost) once it expired
     * long ago: its leases in Vault were dealt with meanwhile. Only that very version of it
     * (precondition), so that a replica renewing it at the same moment keeps it; best effort.
     */
    private void deleteForgotten(V1Lease lease) {
        try {
            new CoordinationV1Api(client.get()).deleteNamespacedLease(lease.getMetadata().getName(), namespace)
                    .body(new V1DeleteOptions().preconditions(new V1Preconditions()
                            .resourceVersion(lease.getMetadata().getResourceVersion())))
                    .execute();
        } catch (ApiException e) {
            // gone already, renewed meanwhile (409), or not allowed: the next refresh tries again
        }
    }

    @Override
    public void withdraw(Replica self) {
        try {
            new CoordinationV1Api(client.get()).deleteNamespacedLease(PREFIX + self.id(), namespace).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw new KubernetesCallException("delete replica Lease", e.getCode());
            }
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
