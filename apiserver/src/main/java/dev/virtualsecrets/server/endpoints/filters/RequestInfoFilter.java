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
        request.context().register(RequestInfoParser.parse(request.prologue().method().text(), request.path().path(),
                name -> request.query().contains(name) ? request.query().get(name) : null));
        chain.proceed();
    }
}
