package dev.virtualsecrets.server.authn;

import dev.virtualsecrets.server.user.CallerIdentity;

import java.util.Optional;

/** One way of establishing who calls (k8s.io/apiserver's authenticator.Request). */
public interface Authenticator {

    /** The caller, or empty when this authenticator does not apply to the request. */
    Optional<CallerIdentity> authenticate(AuthenticationRequest request);
}
