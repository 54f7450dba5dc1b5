package dev.virtualsecrets.server.authz;

import dev.virtualsecrets.server.api.ApiErrors;
import dev.virtualsecrets.server.authn.CallerIdentity;
import dev.virtualsecrets.server.request.RequestInfo;

/**
 * Allows {@code system:masters} everything, and every authenticated caller discovery and OpenAPI
 * (what the default {@code system:discovery} role grants: kube-aggregator fetches OpenAPI as
 * {@code system:aggregator}). The stand-in until delegated authorization by SubjectAccessReview
 * arrives; denials use the Kubernetes Forbidden format.
 */
public final class SystemMastersAuthorizer implements Authorizer {

    @Override
    public void authorize(CallerIdentity caller, RequestInfo request) {
        if (caller.inGroup(CallerIdentity.SYSTEM_MASTERS) || isDiscovery(caller, request)) {
            return;
        }
        throw forbidden(caller, request, "only members of system:masters are allowed until delegated authorization is enabled");
    }

    /** GET of /apis, /apis/..., /openapi/... or /version: read-only API descriptions, no secrets. */
    private static boolean isDiscovery(CallerIdentity caller, RequestInfo request) {
        if (request.resourceRequest() || !"get".equals(request.verb())
                || !caller.inGroup(CallerIdentity.SYSTEM_AUTHENTICATED)) {
            return false;
        }
        String path = request.path();
        return path.equals("/apis") || path.startsWith("/apis/") || path.equals("/version")
                || path.startsWith("/openapi/");
    }

    static RuntimeException forbidden(CallerIdentity caller, RequestInfo request, String why) {
        if (!request.resourceRequest()) {
            return ApiErrors.forbiddenPath(caller.user(), request.verb(), request.path(), why);
        }
        return ApiErrors.forbidden(caller.user(), request.verb(), request.resource(), request.subresource(), request.apiGroup(),
                request.namespace(), request.name(), why);
    }
}
