package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecretList;
import dev.virtualsecrets.server.scenarios.JavaClientScenarios;
import dev.virtualsecrets.server.testsupport.ClientGoInformer;
import dev.virtualsecrets.server.testsupport.DevCluster;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.virtualsecrets.server.testsupport.ClientGoInformer.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client-go informer (WatchList) and a Java informer follow VirtualSecrets through the
 * aggregator, and both recover by themselves when the server is killed and restarted.
 */
class InformersSurviveRestartIT {

    private static final String NS = "informers";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void bothInformersSyncFollowChangesAndRecoverFromARestart() throws Exception {
        DevCluster.shared().assumeServerProcess("kills and restarts the process");
        DevCluster cluster = DevCluster.shared();
        ApiClient client = JavaClientScenarios.clientFor(cluster.kubeconfig(), false);
        GenericKubernetesApi<VirtualSecret, VirtualSecretList> secrets = JavaClientScenarios.api(client);
        secrets.create(secret("before-start", "1")).throwsApiException();

        ApiClient streaming = JavaClientScenarios.clientFor(cluster.kubeconfig(), true);
        SharedInformerFactory factory = new SharedInformerFactory(streaming);
        SharedIndexInformer<VirtualSecret> javaInformer =
                factory.sharedIndexInformerFor(JavaClientScenarios.api(streaming), VirtualSecret.class, 0, NS);
        BlockingQueue<String> javaEvents = new LinkedBlockingQueue<>();
        javaInformer.addEventHandler(recorder(javaEvents));
        factory.startAllRegisteredInformers();
        try (ClientGoInformer goInformer = ClientGoInformer.start(cluster.root(), cluster.kubeconfig(), NS,
                cluster.state().resolve("clientgo-informer.log"))) {
            goInformer.await(event("ADD", "before-start"), WAIT);
            goInformer.await(event("SYNCED", null), WAIT);
            awaitJava(javaEvents, "ADD before-start");
            assertTrue(javaInformer.hasSynced());

            VirtualSecret current = secrets.get(NS, "before-start").throwsApiException().getObject();
            current.setStringData(Map.of("k", "2"));
            secrets.update(current).throwsApiException();
            assertEquals(2, goInformer.await(event("UPDATE", "before-start"), WAIT).path("version").asInt());
            awaitJava(javaEvents, "UPDATE before-start");

            secrets.delete(NS, "before-start").throwsApiException();
            goInformer.await(event("DELETE", "before-start"), WAIT);
            awaitJava(javaEvents, "DELETE before-start");

            cluster.restartServer();

            secrets.create(secret("after-restart", "3")).throwsApiException();
            goInformer.await(event("ADD", "after-restart"), WAIT);
            awaitJava(javaEvents, "ADD after-restart");
        } finally {
            factory.stopAllRegisteredInformers();
        }
    }

    private static VirtualSecret secret(String name, String value) {
        return new VirtualSecret().metadata(new V1ObjectMeta().name(name).namespace(NS)).stringData(Map.of("k", value));
    }

    private static void awaitJava(BlockingQueue<String> events, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String event = events.poll(1, TimeUnit.SECONDS);
            if (expected.equals(event)) {
                return;
            }
        }
        throw new AssertionError("Java informer: no \"" + expected + "\" within " + WAIT);
    }

    private static ResourceEventHandler<VirtualSecret> recorder(BlockingQueue<String> events) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(VirtualSecret obj) {
                events.add("ADD " + obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(VirtualSecret oldObj, VirtualSecret newObj) {
                if (!java.util.Objects.equals(oldObj.getMetadata().getResourceVersion(),
                        newObj.getMetadata().getResourceVersion())) {
                    events.add("UPDATE " + newObj.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(VirtualSecret obj, boolean deletedFinalStateUnknown) {
                events.add("DELETE " + obj.getMetadata().getName());
            }
        };
    }
}
