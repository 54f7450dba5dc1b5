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

    /**
     * {@code /healthz}, {@code /livez}, {@code /readyz}, {@code /vaultz} and their sub-paths: no
     * authentication, no authorization.
     */
    public boolean healthProbe() {
        return !resourceRequest && isHealthProbe(path);
    }

    public static boolean isHealthProbe(String path) {
        for (String probe : new String[]{"/healthz", "/livez", "/readyz", "/vaultz"}) {
            if (path.equals(probe) || path.startsWith(probe + "/")) {
                return true;
            }
        }
        return false;
    }

    /** True for the collection across all namespaces ({@code /apis/g/v/virtualsecrets}). */
    public boolean allNamespaces() {
        return resourceRequest && namespace == null;
    }
}
