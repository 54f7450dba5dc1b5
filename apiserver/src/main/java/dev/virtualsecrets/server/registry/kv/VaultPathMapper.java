package dev.virtualsecrets.server.registry.kv;

import dev.virtualsecrets.server.registry.ObjectNames;

/**
 * Turns a namespace and a name into the Vault path of a {@link KvV2Source}. Only validated values
 * are substituted, and the result is checked again, so that a name can never leave the path
 * prefix of its namespace. Paths are relative to the mount (no {@code data/} or
 * {@code metadata/} segment).
 */
public final class VaultPathMapper {

    private final KvV2Source source;
    private final String namespacePrefixTemplate;

    public VaultPathMapper(KvV2Source source) {
        this.source = source;
        String template = source.pathTemplate();
        this.namespacePrefixTemplate = template.substring(0, template.length() - KvV2Source.NAME.length());
    }

    public KvV2Source source() {
        return source;
    }

    /** The path of {@code namespace/name}; {@link IllegalArgumentException} for invalid input. */
    public String path(String namespace, String name) {
        requireValid(namespace, name);
        String prefix = namespacePrefix(namespace);
        String path = prefix + name;
        if (!path.startsWith(prefix) || path.contains("..") || path.contains("//")
                || path.substring(prefix.length()).contains("/")) {
            throw new IllegalArgumentException("name escapes its namespace's Vault path");
        }
        return path;
    }

    /** The folder (ending in '/') holding every secret of {@code namespace}. */
    public String namespacePrefix(String namespace) {
        if (!ObjectNames.validateNamespace(namespace).isEmpty()) {
            throw new IllegalArgumentException("invalid namespace");
        }
        String prefix = namespacePrefixTemplate.replace(KvV2Source.NAMESPACE, namespace);
        if (prefix.contains("..") || prefix.contains("//") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("namespace escapes the template's Vault path");
        }
        return prefix;
    }

    /**
     * The folder that lists all namespaces: the static part of the template before
     * {@code {namespace}}, up to its last '/'. Empty when the template starts with the namespace.
     */
    public String allNamespacesPrefix() {
        String beforeNamespace = namespacePrefixTemplate.substring(0, namespacePrefixTemplate.indexOf(KvV2Source.NAMESPACE));
        return beforeNamespace.substring(0, beforeNamespace.lastIndexOf('/') + 1);
    }

    /**
     * The namespace whose secrets sit in the folder {@code child} of {@link #allNamespacesPrefix()}
     * (as Vault lists it, with a trailing '/'), or null when the folder does not map to a valid
     * namespace under this template.
     */
    public String namespaceOfFolder(String child) {
        if (!child.endsWith("/")) {
            return null;
        }
        String segment = child.substring(0, child.length() - 1);
        String segmentTemplate = namespaceSegmentTemplate();
        int at = segmentTemplate.indexOf(KvV2Source.NAMESPACE);
        String before = segmentTemplate.substring(0, at);
        String after = segmentTemplate.substring(at + KvV2Source.NAMESPACE.length());
        if (!segment.startsWith(before) || !segment.endsWith(after)
                || segment.length() < before.length() + after.length()) {
            return null;
        }
        String namespace = segment.substring(before.length(), segment.length() - after.length());
        return ObjectNames.validateNamespace(namespace).isEmpty() ? namespace : null;
    }

    /** The folder segment of the template holding {@code {namespace}}, e.g. {@code team-{namespace}}. */
    private String namespaceSegmentTemplate() {
        int start = allNamespacesPrefix().length();
        int end = namespacePrefixTemplate.indexOf('/', namespacePrefixTemplate.indexOf(KvV2Source.NAMESPACE));
        return namespacePrefixTemplate.substring(start, end);
    }

    private static void requireValid(String namespace, String name) {
        if (namespace == null || name == null
                || !ObjectNames.validateNamespace(namespace).isEmpty() || !ObjectNames.validateName(name).isEmpty()) {
            throw new IllegalArgumentException("invalid namespace or name");
        }
    }
}
