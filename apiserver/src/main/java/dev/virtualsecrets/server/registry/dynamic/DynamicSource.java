package dev.virtualsecrets.server.registry.dynamic;

import dev.virtualsecrets.server.vault.lease.LeaseRequest;

import java.time.Instant;
import java.util.Map;

/**
 * A dynamic source engine declared by the platform admin (database, PKI): which VirtualSecret
 * names it serves, which Vault request issues one, and how Vault's answer becomes the object's
 * type and data. Vault paths are built from validated names only and checked again.
 */
public interface DynamicSource {

    /** {@code spec.source.engine}: {@code database} or {@code pki}. */
    String engine();

    /** The VirtualSecret type: Opaque, or kubernetes.io/tls. */
    String type();

    boolean serves(String name);

    /** The Vault request for {@code namespace/name} (a name this source serves, already validated). */
    LeaseRequest request(String namespace, String name);

    /** The object's data from Vault's answer (values as text). */
    Map<String, String> data(Map<String, Object> vaultData);

    /** When credentials without a lease end (a certificate's notAfter); null when they have a lease. */
    Instant end(Map<String, Object> vaultData);
}
