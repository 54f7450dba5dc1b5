package dev.virtualsecrets.server.vault.authentication;

import java.util.Optional;

/** The namespace and name in a ServiceAccount's user name, {@code system:serviceaccount:<namespace>:<name>}. */
public record ServiceAccountName(String namespace, String name) {

    private static final String PREFIX = "system:serviceaccount:";

    public static Optional<ServiceAccountName> parse(String user) {
        if (user == null || !user.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = user.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon == rest.length() - 1 || rest.indexOf(':', colon + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new ServiceAccountName(rest.substring(0, colon), rest.substring(colon + 1)));
    }
}
