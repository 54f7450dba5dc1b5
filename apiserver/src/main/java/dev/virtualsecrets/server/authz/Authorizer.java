package dev.virtualsecrets.server.authz;

import dev.virtualsecrets.server.authn.CallerIdentity;
import dev.virtualsecrets.server.request.RequestInfo;

/** Decides whether an authenticated caller may do what the request asks. */
public interface Authorizer {

    /** Returns normally when allowed; throws a 403 Forbidden {@code ApiException} otherwise. */
    void authorize(CallerIdentity caller, RequestInfo request);
}
