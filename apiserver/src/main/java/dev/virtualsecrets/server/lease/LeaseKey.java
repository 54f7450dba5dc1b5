package dev.virtualsecrets.server.lease;

/**
 * Whose lease, on which VirtualSecret: the caller's identity ({@link
 * dev.virtualsecrets.server.authn.CallerIdentity#key()}), the namespace and the name. One lease per key.
 */
public record LeaseKey(String owner, String namespace, String name) {
}
