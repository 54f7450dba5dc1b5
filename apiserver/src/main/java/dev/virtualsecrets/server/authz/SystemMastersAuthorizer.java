package dev.virtualsecrets.server.authz;

import dev.virtualsecrets.server.api.ApiErrors;
import dev.virtualsecrets.server.authn.CallerIdentity;
import dev.virtualsecrets.server.request.RequestInfo;

/**
 * Allows only {@code system:masters}. The stand-in until delegated authorization by
 * SubjectAccessReview arrives; denials use the Kubernetes Forbidden format.
 */
public final class SystemMastersAuthorizer implements Authorizer {

    @Override
    public void authorize(CallerIdentity caller, RequestInfo request) {
        if (caller.inGroup(CallerIdentity.SYSTEM_MASTERS)) {
            return;
        }
        throw forbidden(caller, request, "only members of system:masters are allowed until delegated authorization is enabled");
    }

    static RuntimeException forbidden(CallerIdentity caller, RequestInfo request, String why) {
        if (!request.resourceRequest()) {
            return ApiErrors.forbiddenPath(caller.user(), request.verb(), request.path(), why);
        }
        return ApiErrors.forbidden(caller.user(), request.verb(), request.resource(), request.subresource(), request.apiGroup(),
                request.namespace(), request.name(), why);
    }
}
