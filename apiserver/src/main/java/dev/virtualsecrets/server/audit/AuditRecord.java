package dev.virtualsecrets.server.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** One audited request. Holds names and decisions only, never a secret value or token. */
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
        int code,
        String vaultRequestId,
        long latencyMillis) {
}
