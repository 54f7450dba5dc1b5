package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.DevCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Ten writers change one VirtualSecret through kube-apiserver at the same time, each its own key,
 * two for each way a real client writes: PUT after a read, a merge patch naming the resourceVersion it
 * read (controller-runtime's optimistic lock), a merge patch without one, a JSON patch guarded by a
 * {@code test} of the resourceVersion, and a server-side apply. Each write sets the writer's data key
 * and its label (labels live in KV custom metadata, written after the data). No acknowledged write
 * may be lost, in the data or in the labels, and every acknowledged write is exactly one new KV version.
 * Then each writer writes once more without contention, which must succeed: a conditional writer may
 * lose every race while ten write (so may one against kube-apiserver), but no way of writing may fail.
 */
class ConcurrentWritersLoseNothingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "demo";
    private static final String NAME = "contended";
    private static final int WRITERS = 10;
    private static final Duration RUN = Duration.ofSeconds(30);
    private static final String[] MODES = {"put", "merge-with-version", "merge", "json-patch-test", "apply"};

    private static DevCluster cluster;
    private static ApiClient admin;

    @BeforeAll
    static void aSecretToFightOver() {
        cluster = DevCluster.shared();
        admin = new ApiClient(cluster.kubeHttpClient("admin"), cluster.apiServer());
        HttpResponse<String> created = admin.post(ApiClient.collection(NAMESPACE),
                "{\"metadata\":{\"name\":\"" + NAME + "\",\"labels\":{\"seed\":\"0\"}},\"stringData\":{\"seed\":\"0\"}}");
        assertEquals(201, created.statusCode(), created.body());
    }

    @AfterAll
    static void removeIt() {
        admin.delete(ApiClient.item(NAMESPACE, NAME));
    }

    /** What one writer saw: its acknowledged writes and the last value acknowledged for its key. */
    private record Outcome(String key, String mode, int acknowledged, int refused, String lastValue, String firstRefusal) {
    }

    @Test
    void noAcknowledgedWriteIsLostAndEachIsOneKvVersion() throws Exception {
        long versionsBefore = kvVersion();
        List<Future<Outcome>> writers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            long deadline = System.nanoTime() + RUN.toNanos();
            for (int i = 0; i < WRITERS; i++) {
                int writer = i;
                writers.add(pool.submit(() -> write("w" + writer, MODES[writer % MODES.length], deadline)));
            }
        }
        List<Outcome> contended = new ArrayList<>();
        for (Future<Outcome> writer : writers) {
            contended.add(writer.get());
        }
        System.out.println("concurrent writers: " + contended);

        // Then each writer once more, one after the other: every mode gets its write through
        // without contention. (Under contention a conditional writer may lose every race, as it
        // may with kube-apiserver; that is no defect, and a mode that never works would show here.)
        List<Outcome> outcomes = new ArrayList<>();
        for (Outcome outcome : contended) {
            String value = outcome.key() + "-uncontended";
            HttpResponse<String> response = writeOnce(outcome.key(), outcome.mode(), value);
            assertEquals(200, response.statusCode(), outcome.mode() + " writer " + outcome.key()
                    + " without contention: " + ApiClient.describe(response.body()));
            outcomes.add(new Outcome(outcome.key(), outcome.mode(), outcome.acknowledged() + 1, outcome.refused(), value,
                    outcome.firstRefusal()));
        }
        JsonNode object = ApiClient.json(admin.get(ApiClient.item(NAMESPACE, NAME)));
        JsonNode data = object.path("data");
        JsonNode labels = object.path("metadata").path("labels");
        int acknowledged = 0;
        for (Outcome outcome : outcomes) {
            assertEquals(outcome.lastValue(), decode(data.path(outcome.key()).asText()),
                    outcome.mode() + " writer " + outcome.key() + ": its last acknowledged value was lost " + outcome);
            assertEquals(outcome.lastValue(), labels.path(outcome.key()).asText(null),
                    outcome.mode() + " writer " + outcome.key() + ": its last acknowledged label was lost " + outcome);
            acknowledged += outcome.acknowledged();
        }
        assertEquals(acknowledged, kvVersion() - versionsBefore,
                "every acknowledged write is one KV version, and nothing else wrote: " + outcomes);
        if (outcomes.stream().filter(o -> o.mode().equals("merge")).anyMatch(o -> o.refused() > 0)) {
            throw new AssertionError("a patch without resourceVersion must not be refused for a lost race: " + outcomes);
        }
    }

    private static Outcome write(String key, String mode, long deadline) {
        int acknowledged = 0;
        int refused = 0;
        String last = null;
        String firstRefusal = null;
        for (int n = 1; System.nanoTime() < deadline; n++) {
            String value = key + "-" + n;
            HttpResponse<String> response = writeOnce(key, mode, value);
            if (response.statusCode() == 200) {
                acknowledged++;
                last = value;
            } else if (response.statusCode() == 409 || response.statusCode() == 422) {
                refused++; // a precondition that no longer held: the client reads again
                if (firstRefusal == null) {
                    firstRefusal = response.statusCode() + " " + ApiClient.json(response).path("message").asText();
                }
            } else {
                throw new AssertionError(mode + " answered " + response.statusCode() + ": " + response.body());
            }
            thinkFor(ThreadLocalRandom.current().nextInt(50, 250));
        }
        return new Outcome(key, mode, acknowledged, refused, last, firstRefusal);
    }

    private static HttpResponse<String> writeOnce(String key, String mode, String value) {
        String item = ApiClient.item(NAMESPACE, NAME);
        String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
        return switch (mode) {
            case "put" -> {
                JsonNode live = ApiClient.json(admin.get(item));
                ((com.fasterxml.jackson.databind.node.ObjectNode) live.path("data")).put(key, encoded);
                ((com.fasterxml.jackson.databind.node.ObjectNode) live.path("metadata").path("labels")).put(key, value);
                yield admin.put(item, live.toString());
            }
            case "merge-with-version" -> admin.patch(item, "application/merge-patch+json",
                    "{\"metadata\":{\"resourceVersion\":\"" + resourceVersion() + "\"," + label(key, value)
                            + "},\"data\":{\"" + key + "\":\"" + encoded + "\"}}");
            case "merge" -> admin.patch(item, "application/merge-patch+json",
                    "{\"metadata\":{" + label(key, value) + "},\"data\":{\"" + key + "\":\"" + encoded + "\"}}");
            case "json-patch-test" -> admin.patch(item, "application/json-patch+json",
                    "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"" + resourceVersion() + "\"},"
                            + "{\"op\":\"add\",\"path\":\"/data/" + key + "\",\"value\":\"" + encoded + "\"},"
                            + "{\"op\":\"add\",\"path\":\"/metadata/labels/" + key + "\",\"value\":\"" + value + "\"}]");
            case "apply" -> admin.patch(item + "?fieldManager=writer-" + key + "&force=true",
                    "application/apply-patch+yaml", "{\"apiVersion\":\"virtualsecrets.dev/v1alpha1\","
                            + "\"kind\":\"VirtualSecret\",\"metadata\":{\"name\":\"" + NAME + "\"," + label(key, value)
                            + "},\"data\":{\""
                            + key + "\":\"" + encoded + "\"}}");
            default -> throw new IllegalArgumentException(mode);
        };
    }

    private static String label(String key, String value) {
        return "\"labels\":{\"" + key + "\":\"" + value + "\"}";
    }

    /** Real clients pause between writes; without it the optimistic writers only ever see a newer version. */
    private static void thinkFor(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String resourceVersion() {
        return ApiClient.json(admin.get(ApiClient.item(NAMESPACE, NAME))).path("metadata").path("resourceVersion")
                .asText();
    }

    private static long kvVersion() throws Exception {
        return JSON.readTree(cluster.bao("kv", "metadata", "get", "-format=json", "-mount=secret",
                "kubernetes/" + NAMESPACE + "/" + NAME)).path("data").path("current_version").asLong();
    }

    private static String decode(String base64) {
        return base64.isEmpty() ? null : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
