package dev.virtualsecrets.server.vault.lease;

/**
 * Whose lease, on which VirtualSecret: the caller's identity ({@link
 * dev.virtualsecrets.server.user.CallerIdentity#key()}), the namespace and the name. One lease per key.
 */
public record LeaseKey(String owner, String namespace, String name) {
}
