package dev.virtualsecrets.server.endpoints.handlers;

import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.endpoints.filters.RequestContext;
import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.endpoints.request.RequestInfoParser;
import dev.virtualsecrets.server.replicas.LeaseTransferMessages;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Which endpoint answers which path. */
public final class Routes implements Handler {

    private static final String GROUP_PATH = "/apis/" + VirtualSecrets.GROUP;
    private static final String GROUP_VERSION_PATH = GROUP_PATH + "/" + VirtualSecrets.VERSION;

    private final Endpoint health;
    private final Endpoint metrics;
    private final Endpoint discovery;
    private final Endpoint openApi;
    private final Endpoint virtualSecrets;
    private final Endpoint leaseTransfers;

    /** @param leaseTransfers where replicas move leases; null: no such path (one replica, or no dynamic source) */
    public Routes(Endpoint health, Endpoint metrics, Endpoint discovery, Endpoint openApi, Endpoint virtualSecrets,
                  Endpoint leaseTransfers) {
        this.health = health;
        this.metrics = metrics;
        this.discovery = discovery;
        this.openApi = openApi;
        this.virtualSecrets = virtualSecrets;
        this.leaseTransfers = leaseTransfers;
    }

    /** The end of the handler chain: the endpoint for the request's path, with what the filters found out. */
    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        RequestInfo info = RequestContext.requestInfo(request);
        endpointFor(info).handle(new Exchange(request, response, info, RequestContext.caller(request)));
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
        if (RequestInfoParser.hasDotSegment(path)) {
            return notFound();
        }
        if (RequestInfo.isHealthProbe(path)) {
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
        if (leaseTransfers != null && path.startsWith(LeaseTransferMessages.PATH + "/")) {
            return leaseTransfers;
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
