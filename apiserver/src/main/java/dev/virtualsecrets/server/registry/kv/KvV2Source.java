package dev.virtualsecrets.server.registry.kv;

import dev.virtualsecrets.server.vault.VaultPaths;

/**
 * A KV v2 source declared by the platform admin: the mount and a path template such as
 * {@code kubernetes/{namespace}/{name}}. The template must contain {@code {namespace}} and end
 * with the segment {@code /{name}}, so that every name lands under its namespace's prefix.
 */
public record KvV2Source(String mount, String pathTemplate) {

    public static final String NAMESPACE = "{namespace}";
    public static final String NAME = "{name}";

    public KvV2Source {
        if (mount == null || mount.isEmpty()) {
            throw new IllegalArgumentException("KV v2 mount must not be empty");
        }
        mount = VaultPaths.trimSlashes(mount);
        if (mount.isEmpty() || mount.contains("..") || mount.contains("//") || mount.contains("{")) {
            throw new IllegalArgumentException("invalid KV v2 mount \"" + mount + "\"");
        }
        if (pathTemplate == null || pathTemplate.isEmpty()) {
            throw new IllegalArgumentException("KV v2 path template must not be empty");
        }
        if (pathTemplate.startsWith("/")) {
            throw new IllegalArgumentException("KV v2 path template must not start with '/': " + pathTemplate);
        }
        if (pathTemplate.contains("..") || pathTemplate.contains("//")) {
            throw new IllegalArgumentException("KV v2 path template must not contain '..' or '//': " + pathTemplate);
        }
        if (!pathTemplate.contains(NAMESPACE)) {
            throw new IllegalArgumentException("KV v2 path template must contain " + NAMESPACE + ": " + pathTemplate);
        }
        if (!pathTemplate.endsWith("/" + NAME) || pathTemplate.indexOf(NAME) != pathTemplate.length() - NAME.length()) {
            throw new IllegalArgumentException("KV v2 path template must end with the segment /" + NAME
                    + " and use it once: " + pathTemplate);
        }
        String withoutPlaceholders = pathTemplate.replace(NAMESPACE, "").replace(NAME, "");
        if (withoutPlaceholders.contains("{") || withoutPlaceholders.contains("}")) {
            throw new IllegalArgumentException("KV v2 path template has an unknown placeholder: " + pathTemplate);
        }
    }
}
