package dev.virtualsecrets.server.authz;

import dev.virtualsecrets.server.api.ApiException;
import dev.virtualsecrets.server.api.Status;
import dev.virtualsecrets.server.authn.CallerIdentity;
import dev.virtualsecrets.server.request.RequestInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SystemMastersAuthorizerTest {

    private static final String WHY = "only members of system:masters are allowed until delegated authorization is enabled";

    private final SystemMastersAuthorizer authorizer = new SystemMastersAuthorizer();
    private final CallerIdentity admin = CallerIdentity.of("admin", List.of("system:masters", "system:authenticated"));
    private final CallerIdentity jane = CallerIdentity.of("jane", List.of("developers", "system:authenticated"));

    private static RequestInfo resource(String verb, String namespace, String name, String subresource) {
        return new RequestInfo(true, "/apis/virtualsecrets.dev/v1alpha1/...", verb, "virtualsecrets.dev", "v1alpha1",
                namespace, "virtualsecrets", name, subresource);
    }

    private ApiException denied(CallerIdentity caller, RequestInfo request) {
        ApiException error = assertThrows(ApiException.class, () -> authorizer.authorize(caller, request));
        assertEquals(403, error.code());
        assertEquals("Forbidden", error.reason());
        return error;
    }

    @Test
    void systemMastersMayDoAnything() {
        assertDoesNotThrow(() -> authorizer.authorize(admin, resource("delete", "demo", "db", null)));
        assertDoesNotThrow(() -> authorizer.authorize(admin, resource("list", null, null, null)));
        assertDoesNotThrow(() -> authorizer.authorize(admin, RequestInfo.nonResource("/metrics", "get")));
    }

    @Test
    void namedObjectDenialUsesTheUpstreamMessage() {
        ApiException error = denied(jane, resource("get", "demo", "db", null));

        assertEquals("virtualsecrets.virtualsecrets.dev \"db\" is forbidden: User \"jane\" cannot get resource "
                + "\"virtualsecrets\" in API group \"virtualsecrets.dev\" in the namespace \"demo\": " + WHY,
                error.getMessage());
        assertEquals(new Status.Details("db", "virtualsecrets.dev", "virtualsecrets", null, null, null),
                error.status().details());
    }

    @Test
    void collectionDenialHasNoName() {
        ApiException error = denied(jane, resource("list", "demo", null, null));

        assertEquals("virtualsecrets.virtualsecrets.dev is forbidden: User \"jane\" cannot list resource "
                + "\"virtualsecrets\" in API group \"virtualsecrets.dev\" in the namespace \"demo\": " + WHY,
                error.getMessage());
    }

    @Test
    void allNamespacesDenialIsAtTheClusterScope() {
        ApiException error = denied(jane, resource("watch", null, null, null));

        assertEquals("virtualsecrets.virtualsecrets.dev is forbidden: User \"jane\" cannot watch resource "
                + "\"virtualsecrets\" in API group \"virtualsecrets.dev\" at the cluster scope: " + WHY,
                error.getMessage());
    }

    /** forbiddenMessage in k8s.io/apiserver names "resource/subresource"; the qualified resource stays bare. */
    @Test
    void subresourceDenialNamesTheSubresource() {
        ApiException error = denied(jane, resource("update", "demo", "db", "status"));

        assertEquals("virtualsecrets.virtualsecrets.dev \"db\" is forbidden: User \"jane\" cannot update resource "
                + "\"virtualsecrets/status\" in API group \"virtualsecrets.dev\" in the namespace \"demo\": " + WHY,
                error.getMessage());
    }

    @Test
    void nonResourceDenial() {
        ApiException error = denied(jane, RequestInfo.nonResource("/metrics", "get"));

        assertEquals("forbidden: User \"jane\" cannot get path \"/metrics\": " + WHY, error.getMessage());
        assertEquals(null, error.status().details());
    }

    @Test
    void authenticatedCallersMayReadDiscoveryAndOpenApiLikeSystemDiscovery() {
        CallerIdentity aggregator = CallerIdentity.of("system:aggregator", List.of("system:authenticated"));
        for (String path : List.of("/apis", "/apis/virtualsecrets.dev/v1alpha1", "/openapi/v2", "/openapi/v3",
                "/openapi/v3/apis/virtualsecrets.dev/v1alpha1", "/version")) {
            new SystemMastersAuthorizer().authorize(aggregator, RequestInfo.nonResource(path, "get"));
        }
        denied(aggregator, RequestInfo.nonResource("/metrics", "get"));
        denied(aggregator, RequestInfo.nonResource("/openapi/v2", "post"));
        denied(CallerIdentity.of("nobody", List.of()), RequestInfo.nonResource("/openapi/v2", "get"));
    }

    @Test
    void groupsOtherThanSystemMastersDoNotCount() {
        CallerIdentity lookalike = CallerIdentity.of("system:masters", List.of("system:master", "masters"));

        denied(lookalike, resource("get", "demo", "db", null));
    }
}
