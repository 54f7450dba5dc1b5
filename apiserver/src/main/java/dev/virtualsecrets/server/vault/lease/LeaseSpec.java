package dev.virtualsecrets.server.vault.lease;

import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.VaultSession;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Whose lease it is and how the registry obtains, renews and publishes it.
 *
 * @param caller         the identity the lease is issued to (its key is the lease key's owner)
 * @param request        how to obtain the secret; only asked for when no lease is held
 * @param callerVault    the caller's Vault session, asked at every request and renewal
 * @param certificateEnd notAfter of a secret without a lease (a certificate), or null
 * @param observer       who turns the lease's events into watch events
 */
public record LeaseSpec(CallerIdentity caller, Supplier<LeaseRequest> request, Supplier<VaultSession> callerVault,
                        Function<Map<String, Object>, Instant> certificateEnd, LeaseRegistry.Observer observer) {
}
