package dev.virtualsecrets.server.user;

import java.util.List;
import java.util.Map;

/** Who is calling, as Kubernetes authentication established it (user.Info). */
public record CallerIdentity(String user, List<String> groups, Map<String, List<String>> extra) {

    public static final String SYSTEM_MASTERS = "system:masters";
    public static final String SYSTEM_AUTHENTICATED = "system:authenticated";

    /**
     * The server itself, standing in for Kubernetes' own controllers on metadata-only requests.
     * Recognized by reference only, never by its fields: no authenticator yields an empty user name,
     * and an equal record made elsewhere is not this one.
     */
    public static final CallerIdentity SERVER = new CallerIdentity("", List.of(), Map.of());

    public CallerIdentity {
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }

    public static CallerIdentity of(String user, List<String> groups) {
        return new CallerIdentity(user, groups, Map.of());
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }

    /**
     * The identity as one string: the user and the sorted groups. Two requests with the same key
     * reach Vault as the same identity (the same policies), so they may share its leases.
     */
    public String key() {
        return user + "\n" + String.join(",", groups.stream().sorted().toList());
    }
}
