package dev.virtualsecrets.server.vault;

/** Small helpers for the Vault paths the admin configures. */
public final class VaultPaths {

    private VaultPaths() {
    }

    /** {@code /secret/} and {@code secret} are the same mount: leading and trailing '/' go. */
    public static String trimSlashes(String path) {
        String result = path == null ? "" : path;
        while (result.startsWith("/")) {
            result = result.substring(1);
        }
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
