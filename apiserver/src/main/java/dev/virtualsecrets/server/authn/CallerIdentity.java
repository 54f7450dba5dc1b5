package dev.virtualsecrets.server.authn;

import java.util.List;
import java.util.Map;

/** Who is calling, as Kubernetes authentication established it (user.Info). */
public record CallerIdentity(String user, List<String> groups, Map<String, List<String>> extra) {

    public static final String SYSTEM_MASTERS = "system:masters";
    public static final String SYSTEM_AUTHENTICATED = "system:authenticated";

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
}
