package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.DevCluster;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A watch on which nothing happens answers its headers at once through kube-apiserver, as a watch
 * of ConfigMaps does: clients with a response-header timeout (client-go's transports, proxies) must
 * not take a quiet watch for a hung one.
 */
class QuietWatchIT {

    @Test
    void aQuietWatchAnswersItsHeadersBeforeAnyEvent() throws Exception {
        DevCluster cluster = DevCluster.shared();
        ApiClient admin = new ApiClient(cluster.kubeHttpClient("admin"), cluster.apiServer());
        for (String path : new String[] {"/api/v1/namespaces/demo/configmaps", ApiClient.collection("demo")}) {
            String now = ApiClient.json(admin.get(path)).path("metadata").path("resourceVersion").asText();
            CompletableFuture<HttpResponse<Stream<String>>> watch = admin.sendAsync(
                    admin.request(path + "?watch=true&timeoutSeconds=120&resourceVersion=" + now)
                            .timeout(Duration.ofSeconds(120)).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            HttpResponse<Stream<String>> response;
            try {
                response = watch.get(20, TimeUnit.SECONDS); // a sixth of the watch's timeout
            } catch (TimeoutException e) {
                watch.cancel(true);
                fail(path + ": no response headers 20 s into a quiet watch");
                return;
            }
            assertEquals(200, response.statusCode(), path);
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""), path);
            response.body().close();
        }
    }
}
