package dev.virtualsecrets.server.authz;

import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.util.List;
import java.util.Map;

/**
 * The whole spec of one SubjectAccessReview: who ({@code user}, {@code groups}, {@code extra}) and
 * what: resource attributes, or for a non-resource request its path and verb. Also the cache key,
 * so two requests share a decision only when every field is equal.
 */
public record AccessReview(
        String user,
        List<String> groups,
        Map<String, List<String>> extra,
        boolean resourceRequest,
        String verb,
        String apiGroup,
        String apiVersion,
        String namespace,
        String resource,
        String subresource,
        String name,
        String path) {

    public AccessReview {
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }

    /** Resource requests carry no path; non-resource requests carry only path and verb. */
    public static AccessReview of(CallerIdentity caller, RequestInfo request) {
        if (request.resourceRequest()) {
            return new AccessReview(caller.user(), caller.groups(), caller.extra(), true, request.verb(),
                    request.apiGroup(), request.apiVersion(), request.namespace(), request.resource(),
                    request.subresource(), request.name(), null);
        }
        return new AccessReview(caller.user(), caller.groups(), caller.extra(), false, request.verb(),
                null, null, null, null, null, null, request.path());
    }
}
