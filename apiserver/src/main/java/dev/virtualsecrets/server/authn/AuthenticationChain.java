package dev.virtualsecrets.server.authn;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tries each authenticator in order (front proxy, client certificate, ...); the first that
 * recognises the request wins and the caller joins {@code system:authenticated}. Nobody → 401.
 */
public final class AuthenticationChain {

    private final List<Authenticator> authenticators;

    public AuthenticationChain(List<Authenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    public CallerIdentity authenticate(AuthenticationRequest request) {
        for (Authenticator authenticator : authenticators) {
            Optional<CallerIdentity> caller = authenticator.authenticate(request);
            if (caller.isPresent()) {
                return withAuthenticatedGroup(caller.get());
            }
        }
        throw ApiErrors.unauthorized();
    }

    private static CallerIdentity withAuthenticatedGroup(CallerIdentity caller) {
        if (caller.inGroup(CallerIdentity.SYSTEM_AUTHENTICATED)) {
            return caller;
        }
        List<String> groups = new ArrayList<>(caller.groups());
        groups.add(CallerIdentity.SYSTEM_AUTHENTICATED);
        return new CallerIdentity(caller.user(), groups, caller.extra());
    }
}
