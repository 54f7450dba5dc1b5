package dev.virtualsecrets.server.vault;

/** What {@code sys/health} answered; {@code version} is null when Vault was not reachable. */
public record VaultHealthStatus(boolean reachable, boolean initialized, boolean sealed, String version) {

    public static VaultHealthStatus unreachable() {
        return new VaultHealthStatus(false, false, false, null);
    }

    /** Vault can serve requests: reachable, initialized and unsealed. */
    public boolean ready() {
        return reachable && initialized && !sealed;
    }
}
