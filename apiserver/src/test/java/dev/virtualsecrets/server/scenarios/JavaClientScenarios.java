package dev.virtualsecrets.server.scenarios;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecretList;
import dev.virtualsecrets.api.VirtualSecrets;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Java operator uses the official Kubernetes client: typed CRUD and an informer. Subclasses say
 * which kubeconfig (an admin's) the client uses.
 */
public abstract class JavaClientScenarios {

    private static final String NS = "java-client";

    private ApiClient client;
    private GenericKubernetesApi<VirtualSecret, VirtualSecretList> secrets;

    /** An admin kubeconfig of the environment under test. */
    protected abstract Path kubeconfig();

    @BeforeEach
    void setUp() throws IOException {
        client = clientFor(kubeconfig(), false);
        secrets = api(client);
    }

    /** SharedInformerFactory wants a client without read timeout: watches are long. */
    public static ApiClient clientFor(Path kubeconfig, boolean streaming) throws IOException {
        try (Reader reader = Files.newBufferedReader(kubeconfig)) {
            ClientBuilder builder = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader));
            return streaming ? builder.setReadTimeout(java.time.Duration.ZERO).build() : builder.build();
        }
    }

    public static GenericKubernetesApi<VirtualSecret, VirtualSecretList> api(ApiClient apiClient) {
        return new GenericKubernetesApi<>(VirtualSecret.class, VirtualSecretList.class,
                VirtualSecrets.GROUP, VirtualSecrets.VERSION, VirtualSecrets.PLURAL, apiClient);
    }

    private static VirtualSecret secret(String name, String value) {
        return new VirtualSecret()
                .metadata(new V1ObjectMeta().name(name).namespace(NS).putLabelsItem("owner", "java"))
                .stringData(Map.of("token", value));
    }

    @Test
    public void typedCrud() throws ApiException {
        VirtualSecret created = secrets.create(secret("typed", "t1")).throwsApiException().getObject();
        assertEquals("typed", created.getMetadata().getName());
        assertArrayEquals("t1".getBytes(StandardCharsets.UTF_8), created.getData().get("token"));
        assertNotNull(created.getMetadata().getCreationTimestamp());

        VirtualSecret read = secrets.get(NS, "typed").throwsApiException().getObject();
        assertEquals(created.getMetadata().getUid(), read.getMetadata().getUid());
        assertEquals(1L, read.getStatus().getVersion());

        read.setStringData(Map.of("token", "t2"));
        VirtualSecret updated = secrets.update(read).throwsApiException().getObject();
        assertEquals(2L, updated.getStatus().getVersion());

        VirtualSecretList list = secrets.list(NS).throwsApiException().getObject();
        assertTrue(list.getItems().stream().anyMatch(s -> s.getMetadata().getName().equals("typed")));

        KubernetesApiResponse<VirtualSecret> stale = secrets.update(read);
        assertEquals(409, stale.getHttpStatusCode());

        secrets.delete(NS, "typed").throwsApiException();
        assertEquals(404, secrets.get(NS, "typed").getHttpStatusCode());
    }

    @Test
    public void informerSyncsAndSeesAnUpdate() throws Exception {
        secrets.create(secret("informed", "i1")).throwsApiException();
        ApiClient streaming = clientFor(kubeconfig(), true);
        SharedInformerFactory factory = new SharedInformerFactory(streaming);
        SharedIndexInformer<VirtualSecret> informer =
                factory.sharedIndexInformerFor(api(streaming), VirtualSecret.class, 0, NS);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(VirtualSecret obj) {
                events.add("ADD " + obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(VirtualSecret oldObj, VirtualSecret newObj) {
                events.add("UPDATE " + newObj.getMetadata().getName() + " v" + newObj.getStatus().getVersion());
            }

            @Override
            public void onDelete(VirtualSecret obj, boolean deletedFinalStateUnknown) {
                events.add("DELETE " + obj.getMetadata().getName());
            }
        });
        factory.startAllRegisteredInformers();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!informer.hasSynced() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(informer.hasSynced(), "the informer syncs");
            assertEquals("ADD informed", events.poll(10, TimeUnit.SECONDS));

            VirtualSecret current = secrets.get(NS, "informed").throwsApiException().getObject();
            current.setStringData(Map.of("token", "i2"));
            secrets.update(current).throwsApiException();
            assertEquals("UPDATE informed v2", events.poll(20, TimeUnit.SECONDS));
            assertEquals(2L, informer.getIndexer().getByKey(NS + "/informed").getStatus().getVersion());
        } finally {
            factory.stopAllRegisteredInformers();
        }
    }
}
