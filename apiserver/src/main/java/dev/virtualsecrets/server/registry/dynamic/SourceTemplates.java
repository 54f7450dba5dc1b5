package dev.virtualsecrets.server.registry.dynamic;

import dev.virtualsecrets.server.vault.VaultPaths;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fills the admin's templates ({@code {namespace}-{suffix}}) with validated values and checks the
 * result again, so that no caller input can reach another Vault path.
 */
final class SourceTemplates {

    /** A Vault role name: no '/', no "..", nothing but letters, digits, '-', '_' and '.'. */
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private SourceTemplates() {
    }

    static String fill(String template, String namespace, String suffix) {
        return template.replace("{namespace}", namespace).replace(NamePattern.SUFFIX, suffix);
    }

    static String role(String template, String namespace, String suffix) {
        String role = fill(template, namespace, suffix);
        if (!ROLE.matcher(role).matches() || role.contains("..")) {
            throw new IllegalArgumentException("the role template gives no valid Vault role name");
        }
        return role;
    }

    /** The template may only use {namespace} and {suffix}. */
    static String requireKnownPlaceholders(String name, String template) {
        if (template == null || template.isEmpty()) {
            throw new IllegalArgumentException(name + " must be set");
        }
        String rest = template.replace("{namespace}", "").replace(NamePattern.SUFFIX, "");
        if (rest.contains("{") || rest.contains("}")) {
            throw new IllegalArgumentException(name + " may only use {namespace} and {suffix}: " + template);
        }
        return template;
    }

    static String mount(String mount) {
        String result = VaultPaths.trimSlashes(mount);
        if (result.isEmpty() || result.contains("..") || result.contains("//") || result.contains("{")) {
            throw new IllegalArgumentException("invalid mount \"" + mount + "\"");
        }
        return result;
    }

    static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : Map.copyOf(map);
    }
}
