package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.endpoints.request.RequestInfo;

/** Which endpoint answers which path. */
public final class Routes {

    private static final String GROUP_PATH = "/apis/" + VirtualSecrets.GROUP;
    private static final String GROUP_VERSION_PATH = GROUP_PATH + "/" + VirtualSecrets.VERSION;

    private final Endpoint health;
    private final Endpoint metrics;
    private final Endpoint discovery;
    private final Endpoint openApi;
    private final Endpoint virtualSecrets;

    public Routes(Endpoint health, Endpoint metrics, Endpoint discovery, Endpoint openApi, Endpoint virtualSecrets) {
        this.health = health;
        this.metrics = metrics;
        this.discovery = discovery;
        this.openApi = openApi;
        this.virtualSecrets = virtualSecrets;
    }

    public static boolean isHealthProbe(String path) {
        for (String probe : new String[]{"/healthz", "/livez", "/readyz"}) {
            if (path.equals(probe) || path.startsWith(probe + "/")) {
                return true;
            }
        }
        return false;
    }

    public Endpoint endpointFor(RequestInfo info) {
        if (info.resourceRequest()) {
            boolean ours = VirtualSecrets.GROUP.equals(info.apiGroup())
                    && VirtualSecrets.VERSION.equals(info.apiVersion())
                    && VirtualSecrets.PLURAL.equals(info.resource())
                    && info.subresource() == null;
            return ours ? virtualSecrets : notFound();
        }
        String path = trimTrailingSlash(info.path());
        if (isHealthProbe(path)) {
            return health;
        }
        if (path.equals("/metrics")) {
            return metrics;
        }
        if (path.equals("/apis") || path.equals(GROUP_PATH) || path.equals(GROUP_VERSION_PATH)) {
            return discovery;
        }
        if (path.startsWith("/openapi/")) {
            return openApi;
        }
        return notFound();
    }

    private static Endpoint notFound() {
        return exchange -> {
            throw ApiErrors.pathNotFound(exchange.info().path());
        };
    }

    private static String trimTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
