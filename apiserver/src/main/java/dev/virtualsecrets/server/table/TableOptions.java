package dev.virtualsecrets.server.table;

import java.util.Set;

/**
 * What a Table request asked for: the meta.k8s.io version negotiated from the Accept header
 * ({@code v1} or {@code v1beta1}; same shape) and the {@code includeObject} mode.
 */
public record TableOptions(String version, IncludeObject includeObject) {

    private static final Set<String> VERSIONS = Set.of("v1", "v1beta1");

    public TableOptions {
        if (!VERSIONS.contains(version)) {
            throw new IllegalArgumentException("unsupported Table version " + version);
        }
    }

    /** @param includeObjectParameter the raw query parameter, null when absent */
    public static TableOptions of(String version, String includeObjectParameter) {
        return new TableOptions(version, IncludeObject.parse(includeObjectParameter));
    }

    public String apiVersion() {
        return "meta.k8s.io/" + version;
    }
}
