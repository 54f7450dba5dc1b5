package dev.virtualsecrets.server.discovery;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of an Accept header: {@code type/subtype} (lower case) with its parameters (keys in
 * lower case, values as sent) and its quality.
 */
public record MediaRange(String type, String subtype, Map<String, String> parameters, double quality) {

    public MediaRange {
        parameters = Map.copyOf(parameters);
    }

    public String mediaType() {
        return type + "/" + subtype;
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** {@code application/json}, {@code application/*} or {@code *}{@code /*}: JSON is acceptable. */
    public boolean matchesJson() {
        return ("application".equals(type) || "*".equals(type))
                && ("json".equals(subtype) || "*".equals(subtype));
    }

    /**
     * Exactly {@code application/json;g=<group>;v=<one of versions>;as=<kind>}: the client asks for
     * a Kubernetes-specific rendering of the response (Table, aggregated discovery).
     */
    public Optional<String> asKind(String group, String kind, Set<String> versions) {
        if (!"application".equals(type) || !"json".equals(subtype)) {
            return Optional.empty();
        }
        if (!group.equals(parameters.get("g")) || !kind.equals(parameters.get("as"))) {
            return Optional.empty();
        }
        String version = parameters.get("v");
        return versions.contains(version) ? Optional.of(version) : Optional.empty();
    }

    /** JSON without an {@code as=} conversion: the resource's own representation. */
    public boolean isPlainJson() {
        return matchesJson() && !parameters.containsKey("as");
    }
}
