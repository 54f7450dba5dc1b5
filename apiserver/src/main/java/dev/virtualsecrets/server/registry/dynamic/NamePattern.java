package dev.virtualsecrets.server.registry.dynamic;

import java.util.Optional;

/**
 * The VirtualSecret names a dynamic source serves, e.g. {@code db-{suffix}}: a fixed prefix and
 * postfix around a non-empty suffix. The suffix of a valid name contains only lower-case letters,
 * digits, '-' and '.', so substituting it into a template cannot add a path segment.
 */
public record NamePattern(String prefix, String postfix) {

    public static final String SUFFIX = "{suffix}";

    public static NamePattern parse(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("name pattern must be set");
        }
        int at = pattern.indexOf(SUFFIX);
        if (at < 0 || pattern.indexOf(SUFFIX, at + 1) >= 0) {
            throw new IllegalArgumentException("name pattern must contain " + SUFFIX + " once: " + pattern);
        }
        String prefix = pattern.substring(0, at);
        String postfix = pattern.substring(at + SUFFIX.length());
        if ((prefix + postfix).contains("{") || (prefix + postfix).contains("}") || (prefix + postfix).contains("/")) {
            throw new IllegalArgumentException("name pattern may only hold " + SUFFIX + " as a placeholder: " + pattern);
        }
        if (prefix.isEmpty() && postfix.isEmpty()) {
            throw new IllegalArgumentException("name pattern must have a fixed part besides " + SUFFIX + ": " + pattern);
        }
        return new NamePattern(prefix, postfix);
    }

    /** The suffix of a name this pattern serves; empty when it does not serve the name. */
    public Optional<String> suffixOf(String name) {
        if (name == null || name.length() <= prefix.length() + postfix.length()
                || !name.startsWith(prefix) || !name.endsWith(postfix)) {
            return Optional.empty();
        }
        return Optional.of(name.substring(prefix.length(), name.length() - postfix.length()));
    }

    public boolean matches(String name) {
        return suffixOf(name).isPresent();
    }

    @Override
    public String toString() {
        return prefix + SUFFIX + postfix;
    }
}
