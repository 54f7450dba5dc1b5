package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.Canaries;
import dev.virtualsecrets.server.testsupport.ClientGoInformer;
import dev.virtualsecrets.server.testsupport.DevCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.virtualsecrets.server.testsupport.ApiClient.collection;
import static dev.virtualsecrets.server.testsupport.ApiClient.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kube-controller-manager's garbage collector and quota controller list and watch every resource
 * with client-go's metadata client. Through kube-apiserver's aggregator, with the Accept headers
 * that client sends, they get PartialObjectMetadata(List) with metadata only, and Vault's audit
 * log shows that answering them read no secret value and issued no credentials.
 */
class MetadataOnlyClientsIT {

    private static final String NAMESPACE = "demo";
    private static final String METADATA_CLIENT_GET = "application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;"
            + "g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";
    private static final String METADATA_CLIENT_LIST = "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;"
            + "g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DevCluster cluster;
    private static ApiClient admin;
    private static String name;
    private static String value;

    @BeforeAll
    static void aLabelledSecretWithAMarkerValue() {
        cluster = DevCluster.shared();
        admin = new ApiClient(cluster.kubeHttpClient("admin"), cluster.apiServer());
        name = "metadata-only-" + UUID.randomUUID().toString().substring(0, 8);
        value = Canaries.create("metadata-only");
        HttpResponse<String> created = admin.post(collection(NAMESPACE), object(name, value));
        assertEquals(201, created.statusCode(), created.body());
    }

    @AfterAll
    static void removeIt() {
        admin.delete(item(NAMESPACE, name));
    }

    @Test
    void aGetAnswersPartialObjectMetadataForTheMetadataClientAndTheStrictHeader() {
        for (String accept : List.of(METADATA_CLIENT_GET, "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1")) {
            HttpResponse<String> response = admin.get(item(NAMESPACE, name), "Accept", accept);

            assertEquals(200, response.statusCode(), response.body());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            JsonNode body = ApiClient.json(response);
            assertEquals("PartialObjectMetadata", body.path("kind").asText());
            assertEquals("meta.k8s.io/v1", body.path("apiVersion").asText());
            assertEquals(name, body.at("/metadata/name").asText());
            assertEquals(NAMESPACE, body.at("/metadata/namespace").asText());
            assertEquals("metadata-only", body.at("/metadata/labels/scenario").asText());
            assertEquals("yes", body.at("/metadata/annotations/checked").asText());
            assertFalse(body.at("/metadata/uid").asText().isEmpty());
            assertFalse(body.at("/metadata/resourceVersion").asText().isEmpty());
            assertFalse(body.at("/metadata/creationTimestamp").asText().isEmpty());
            assertTrue(body.path("data").isMissingNode() && body.path("spec").isMissingNode()
                    && body.path("status").isMissingNode(), response.body());
            assertNoValue(response.body());
        }
    }

    @Test
    void aListAnswersPartialObjectMetadataListAndVaultSawNoDataRead() {
        long auditBefore = vaultAudit().size();

        HttpResponse<String> response = admin.get(collection(NAMESPACE), "Accept", METADATA_CLIENT_LIST);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = ApiClient.json(response);
        assertEquals("PartialObjectMetadataList", body.path("kind").asText());
        assertEquals("meta.k8s.io/v1", body.path("apiVersion").asText());
        assertFalse(body.at("/metadata/resourceVersion").asText().isEmpty());
        JsonNode ours = itemNamed(body, name);
        assertEquals("PartialObjectMetadata", ours.path("kind").asText());
        assertEquals("metadata-only", ours.at("/metadata/labels/scenario").asText());
        for (JsonNode item : body.path("items")) {
            assertEquals(List.of("kind", "apiVersion", "metadata"), fieldNames(item));
        }
        assertNoValue(response.body());

        List<JsonNode> during = since(vaultAudit(), auditBefore);
        assertTrue(during.stream().anyMatch(entry -> entry.at("/request/path").asText()
                        .equals("secret/metadata/kubernetes/" + NAMESPACE + "/" + name)),
                "the list read the KV metadata of " + name);
        assertEquals(List.of(), paths(during, "secret/data/kubernetes/"), "a metadata list read no KV data");
    }

    @Test
    void v1beta1IsAnsweredInV1beta1() {
        JsonNode body = ApiClient.json(admin.get(collection(NAMESPACE), "Accept",
                "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1beta1"));

        assertEquals("meta.k8s.io/v1beta1", body.path("apiVersion").asText());
        assertEquals("meta.k8s.io/v1beta1", itemNamed(body, name).path("apiVersion").asText());
    }

    @Test
    void aMetadataGetOfADynamicSecretIssuesNoCredentials() {
        long auditBefore = vaultAudit().size();

        HttpResponse<String> response = admin.get(item(NAMESPACE, "db-metadata-probe"), "Accept", METADATA_CLIENT_GET);

        assertEquals(404, response.statusCode(), response.body());
        // The role this name maps to does not exist: an attempt to issue would still show in the audit log.
        assertEquals(List.of(), paths(since(vaultAudit(), auditBefore),
                "database/creds/" + NAMESPACE + "-metadata-probe"), "a metadata get never asks Vault for credentials");
    }

    @Test
    void aWatchWithTheMetadataClientsHeaderReceivesPartialObjectMetadataEvents() throws Exception {
        String from = ApiClient.json(admin.get(collection(NAMESPACE), "Accept", METADATA_CLIENT_LIST))
                .at("/metadata/resourceVersion").asText();
        CompletableFuture<HttpResponse<String>> watch = admin.sendAsync(admin.request(collection(NAMESPACE)
                        + "?watch=true&timeoutSeconds=5&allowWatchBookmarks=true&resourceVersion=" + from,
                "Accept", METADATA_CLIENT_GET).GET().build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1_000);
        String watched = "metadata-watched-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, admin.post(collection(NAMESPACE), object(watched, value)).statusCode());
        try {
            HttpResponse<String> events = watch.get();

            assertEquals(200, events.statusCode(), events.body());
            assertNoValue(events.body());
            List<JsonNode> lines = new ArrayList<>();
            for (String line : events.body().split("\n")) {
                lines.add(JSON.readTree(line));
            }
            assertTrue(lines.stream().anyMatch(event -> event.path("type").asText().equals("ADDED")
                    && event.at("/object/metadata/name").asText().equals(watched)), events.body());
            for (JsonNode event : lines) {
                assertEquals("PartialObjectMetadata", event.at("/object/kind").asText(), event.toString());
                assertEquals("meta.k8s.io/v1", event.at("/object/apiVersion").asText());
            }
        } finally {
            admin.delete(item(NAMESPACE, watched));
        }
    }

    @Test
    void clientGosMetadataInformerSyncsAndFollowsChanges() throws Exception {
        try (ClientGoInformer informer = ClientGoInformer.startMetadataInformer(cluster.root(), cluster.kubeconfig(),
                NAMESPACE, Path.of("target", "clientgo-metadata-informer.log"))) {
            informer.await(ClientGoInformer.event("ADD", name), Duration.ofSeconds(60));
            informer.await(ClientGoInformer.event("SYNCED", null), Duration.ofSeconds(30));

            String followed = "metadata-followed-" + UUID.randomUUID().toString().substring(0, 8);
            assertEquals(201, admin.post(collection(NAMESPACE), object(followed, value)).statusCode());
            informer.await(ClientGoInformer.event("ADD", followed), Duration.ofSeconds(30));
            assertEquals(200, admin.patch(item(NAMESPACE, followed), "application/merge-patch+json",
                    "{\"metadata\":{\"labels\":{\"followed\":\"yes\"}}}").statusCode());
            informer.await(ClientGoInformer.event("UPDATE", followed), Duration.ofSeconds(30));
            assertEquals(200, admin.delete(item(NAMESPACE, followed)).statusCode());
            informer.await(ClientGoInformer.event("DELETE", followed), Duration.ofSeconds(30));
        }
    }

    @Test
    void tableRowsCarryMetadataByDefaultAndNoObjectForNone() {
        String table = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
        JsonNode metadata = ApiClient.json(admin.get(collection(NAMESPACE), "Accept", table));
        JsonNode none = ApiClient.json(admin.get(collection(NAMESPACE) + "?includeObject=None", "Accept", table));

        for (JsonNode row : metadata.path("rows")) {
            assertEquals("PartialObjectMetadata", row.at("/object/kind").asText());
            assertTrue(row.at("/object/data").isMissingNode());
        }
        for (JsonNode row : none.path("rows")) {
            assertTrue(row.path("object").isMissingNode() || row.path("object").isNull(), row.toString());
        }
        assertNoValue(metadata.toString());
        assertNoValue(none.toString());
    }

    private static void assertNoValue(String body) {
        for (String form : Canaries.forms(value)) {
            assertFalse(body.contains(form), "a metadata-only answer holds a secret value");
        }
    }

    private static JsonNode itemNamed(JsonNode list, String itemName) {
        for (JsonNode item : list.path("items")) {
            if (itemName.equals(item.at("/metadata/name").asText())) {
                return item;
            }
        }
        throw new AssertionError(itemName + " is not in the list");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The request paths of Vault's audit entries that start with {@code prefix}. */
    private static List<String> paths(List<JsonNode> entries, String prefix) {
        return entries.stream().map(entry -> entry.at("/request/path").asText())
                .filter(path -> path.startsWith(prefix)).toList();
    }

    /** The entries after the first {@code before}: the log grows while it is read (KV polling, controllers). */
    private static List<JsonNode> since(List<JsonNode> entries, long before) {
        return entries.subList((int) before, entries.size());
    }

    /** OpenBao's audit log (request and response entries), in order. */
    private static List<JsonNode> vaultAudit() {
        try {
            List<JsonNode> entries = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(cluster.env("VAULT_AUDIT_LOG")), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    entries.add(JSON.readTree(line));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String object(String objectName, String secretValue) {
        return """
                {"apiVersion":"virtualsecrets.dev/v1alpha1","kind":"VirtualSecret",
                 "metadata":{"name":"%s","namespace":"%s","labels":{"scenario":"metadata-only"},
                             "annotations":{"checked":"yes"}},
                 "stringData":{"password":"%s"}}
                """.formatted(objectName, NAMESPACE, secretValue);
    }
}
