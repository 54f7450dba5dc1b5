package dev.virtualsecrets.server.meta;

/**
 * meta/v1 DeleteOptions. Preconditions make the delete conditional (409 Conflict when stale).
 * Grace periods and propagation policies are accepted and validated; a VirtualSecret has no
 * dependents and nothing to wait for.
 *
 * @param preconditionUid             null when unset
 * @param preconditionResourceVersion null when unset
 * @param propagationPolicy           Orphan, Background or Foreground; null when unset
 */
public record DeleteOptions(String preconditionUid, String preconditionResourceVersion, String propagationPolicy,
                            boolean dryRun) {

    public static final DeleteOptions NONE = new DeleteOptions(null, null, null, false);
}
