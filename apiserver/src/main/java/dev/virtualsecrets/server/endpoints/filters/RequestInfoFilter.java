package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.server.endpoints.request.RequestInfoParser;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Says what the request asks for in Kubernetes terms (verb, namespace, resource, name), once. */
public final class RequestInfoFilter implements Filter {

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String method = request.prologue().method().text();
        String raw = request.path().rawPath();
        // Helidon resolves dot segments; kube-apiserver does not, and finds nothing there (404). Such
        // a path stays as it came: authorized and audited as what it is, never as where it leads.
        request.context().register(RequestInfoParser.hasDotSegment(raw)
                ? RequestInfoParser.parse(method, raw, name -> null)
                : RequestInfoParser.parse(method, request.path().path(),
                        name -> request.query().contains(name) ? request.query().get(name) : null));
        chain.proceed();
    }
}
