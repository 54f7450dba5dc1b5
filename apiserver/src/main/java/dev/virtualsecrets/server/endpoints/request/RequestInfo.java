package dev.virtualsecrets.server.endpoints.request;

/**
 * What a request asks for, in Kubernetes terms (k8s.io/apiserver's RequestInfo): a resource
 * request names group, version, namespace, resource, name and a verb; anything else is a
 * non-resource request with an HTTP-method verb.
 */
public record RequestInfo(
        boolean resourceRequest,
        String path,
        String verb,
        String apiGroup,
        String apiVersion,
        String namespace,
        String resource,
        String name,
        String subresource) {

    public static RequestInfo nonResource(String path, String verb) {
        return new RequestInfo(false, path, verb, null, null, null, null, null, null);
    }

    /** True for the collection across all namespaces ({@code /apis/g/v/virtualsecrets}). */
    public boolean allNamespaces() {
        return resourceRequest && namespace == null;
    }
}
