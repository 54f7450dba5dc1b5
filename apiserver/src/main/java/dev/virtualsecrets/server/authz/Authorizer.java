package dev.virtualsecrets.server.authz;

import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.user.CallerIdentity;

/** Decides whether an authenticated caller may do what the request asks. */
public interface Authorizer {

    /**
     * Returns who allowed the request (for the audit log); throws a 403 Forbidden
     * {@code ApiException} when denied, or a 500 when no decision could be made (fail closed).
     */
    String authorize(CallerIdentity caller, RequestInfo request);
}
