package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.testsupport.HelidonTestServer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestInfoFilterTest {

    @Test
    void theHandlerFindsTheRequestInfoInTheRequestContext() {
        try (HelidonTestServer server = new HelidonTestServer().start(routing -> routing
                .addFilter(new RequestInfoFilter())
                .any((request, response) -> {
                    RequestInfo info = RequestContext.requestInfo(request);
                    response.send(info.verb() + " " + info.namespace() + " " + info.resource() + " " + info.name());
                }))) {
            HttpResponse<String> list = server.get("/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets");
            HttpResponse<String> watch = server.get(
                    "/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets?watch=true");
            HttpResponse<String> get = server.get("/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets/api-key");

            assertEquals("list demo virtualsecrets null", list.body());
            assertEquals("watch demo virtualsecrets null", watch.body());
            assertEquals("get demo virtualsecrets api-key", get.body());
        }
    }

    @Test
    void aPathWithDotSegmentsIsNoResourceRequestAndKeepsTheSegments() {
        try (HelidonTestServer server = new HelidonTestServer().start(routing -> routing
                .addFilter(new RequestInfoFilter())
                .any((request, response) -> {
                    RequestInfo info = RequestContext.requestInfo(request);
                    response.send(info.resourceRequest() + " " + info.namespace() + " " + info.path());
                }))) {
            for (String path : new String[] {"/apis/virtualsecrets.dev/v1alpha1/namespaces/other/../demo/virtualsecrets",
                    "/apis/virtualsecrets.dev/v1alpha1/namespaces/other/%2E%2E/demo/virtualsecrets",
                    "/apis/virtualsecrets.dev/v1alpha1/namespaces/./demo/virtualsecrets"}) {
                HttpResponse<String> response = server.get(path);

                assertEquals("false null " + path, response.body(), "authorized and audited as the path it is");
            }
        }
    }
}
