package dev.virtualsecrets.server.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One audited request. Holds names and decisions only, never a secret value or token.
 * {@code decision} is allow or deny; {@code decidedBy} says who decided: authentication,
 * system:masters, SubjectAccessReview (possibly cached), the caller's Vault policy, or health-probe.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        String time,
        String user,
        List<String> groups,
        String verb,
        String path,
        String namespace,
        String resource,
        String name,
        String decision,
        String decidedBy,
        int code,
        List<String> vaultRequestIds,
        long latencyMillis) {
}
