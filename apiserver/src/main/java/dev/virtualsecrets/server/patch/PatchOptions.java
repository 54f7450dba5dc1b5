package dev.virtualsecrets.server.patch;

/**
 * The query parameters of a PATCH that shape how it applies, as in {@code meta/v1 PatchOptions}.
 *
 * @param fieldManager the actor; required for server-side apply (nullable otherwise)
 * @param force        server-side apply takes over fields other managers own instead of failing
 */
public record PatchOptions(String fieldManager, boolean force) {
}
