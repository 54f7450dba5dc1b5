package dev.virtualsecrets.server.meta;

/**
 * meta/v1 GetOptions. Every GET is answered live from Vault, so any resourceVersion is served
 * the latest state, as kube-apiserver may for "0" and unset.
 *
 * @param resourceVersion validated to be a resourceVersion; null when unset
 */
public record GetOptions(String resourceVersion) {

    public static final GetOptions NONE = new GetOptions(null);
}
