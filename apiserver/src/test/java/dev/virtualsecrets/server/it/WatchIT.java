package dev.virtualsecrets.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.VirtualSecretsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.vault.core.VaultTemplate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.virtualsecrets.server.testsupport.ApiClient.collection;
import static dev.virtualsecrets.server.testsupport.ApiClient.item;
import static dev.virtualsecrets.server.testsupport.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Watches: live events for writes through the API and (polled) made straight in Vault, resume,
 * 410 and 504, bookmarks, WatchList and timeouts.
 */
class WatchIT {

    private static ApiClient api;

    @BeforeAll
    static void start() {
        VirtualSecretsServer server = VirtualSecretsServer.shared();
        api = new ApiClient(server.adminHttpClient(), server.baseUri());
    }

    @Test
    void writesReachAnOpenWatchAtOnce() throws Exception {
        String ns = "watch-live";
        String listRv = json(api.get(collection(ns))).path("metadata").path("resourceVersion").asText();
        try (EventStream events = EventStream.open(api, collection(ns) + "?watch=true&resourceVersion=" + listRv)) {
            api.post(collection(ns), "{\"metadata\":{\"name\":\"w\"},\"stringData\":{\"k\":\"v1\"}}");
            JsonNode added = events.next();
            assertEquals(200, events.status());
            assertEquals("ADDED", added.path("type").asText());
            assertEquals("w", added.path("object").path("metadata").path("name").asText());
            api.patch(item(ns, "w"), "application/merge-patch+json", "{\"stringData\":{\"k\":\"v2\"}}");
            JsonNode modified = events.next();
            assertEquals("MODIFIED", modified.path("type").asText());
            api.delete(item(ns, "w"));
            JsonNode deleted = events.next();
            assertEquals("DELETED", deleted.path("type").asText());
            long addedRv = Long.parseLong(added.path("object").path("metadata").path("resourceVersion").asText());
            long deletedRv = Long.parseLong(deleted.path("object").path("metadata").path("resourceVersion").asText());
            assertTrue(deletedRv > addedRv);
        }
    }

    @Test
    void changesMadeStraightInVaultReachAnOpenWatchWithinThePollInterval() throws Exception {
        String ns = "watch-outside";
        api.post(collection(ns), "{\"metadata\":{\"name\":\"o\"},\"stringData\":{\"k\":\"v1\"}}");
        VaultTemplate vault = VirtualSecretsServer.shared().vault().template();
        String listRv = json(api.get(collection(ns))).path("metadata").path("resourceVersion").asText();
        try (EventStream events = EventStream.open(api, collection(ns) + "?watch=true&resourceVersion=" + listRv)) {
            Thread.sleep(1_500); // the first polling round only takes note of what exists
            long written = System.nanoTime();
            vault.write("secret/data/kubernetes/" + ns + "/o", Map.of("data", Map.of("k", "v2")));
            JsonNode modified = events.next();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written);
            assertEquals("MODIFIED", modified.path("type").asText());
            assertEquals(2, modified.path("object").path("status").path("version").asInt());
            assertEquals("djI=", modified.path("object").path("data").path("k").asText());
            assertTrue(millis < 2_000 + 1_000, "a change made in Vault arrived after " + millis + " ms");

            vault.write("secret/data/kubernetes/" + ns + "/p", Map.of("data", Map.of("k", "new")));
            JsonNode added = events.next();
            assertEquals("ADDED", added.path("type").asText());
            assertEquals("p", added.path("object").path("metadata").path("name").asText());

            vault.delete("secret/metadata/kubernetes/" + ns + "/o");
            JsonNode deleted = events.next();
            assertEquals("DELETED", deleted.path("type").asText());
            assertEquals("o", deleted.path("object").path("metadata").path("name").asText());
        }
    }

    @Test
    void aWatchResumesFromARecentResourceVersion() throws Exception {
        String ns = "watch-resume";
        JsonNode created = json(api.post(collection(ns), "{\"metadata\":{\"name\":\"r\"},\"stringData\":{\"k\":\"1\"}}"));
        String rv = created.path("metadata").path("resourceVersion").asText();
        api.patch(item(ns, "r"), "application/merge-patch+json", "{\"stringData\":{\"k\":\"2\"}}");
        try (EventStream events = EventStream.open(api, collection(ns) + "?watch=true&resourceVersion=" + rv)) {
            JsonNode replayed = events.next();
            assertEquals("MODIFIED", replayed.path("type").asText());
            assertEquals(2, replayed.path("object").path("status").path("version").asInt());
        }
    }

    @Test
    void tooOldIsExpiredAndTooNewIsTooLarge() {
        HttpResponse<String> old = api.get(collection("watch-410") + "?watch=true&resourceVersion=1");
        assertEquals(410, old.statusCode());
        assertEquals("Expired", json(old).path("reason").asText());

        HttpResponse<String> future = api.get(collection("watch-410") + "?watch=true&resourceVersion=99999999999999999");
        assertEquals(504, future.statusCode());
        assertEquals("ResourceVersionTooLarge", json(future).path("details").path("causes").get(0).path("reason").asText());
    }

    @Test
    void watchListSendsInitialEventsThenTheEndBookmark() throws Exception {
        String ns = "watch-list";
        api.post(collection(ns), "{\"metadata\":{\"name\":\"a\"},\"stringData\":{\"k\":\"v\"}}");
        api.post(collection(ns), "{\"metadata\":{\"name\":\"b\"},\"stringData\":{\"k\":\"v\"}}");
        try (EventStream events = EventStream.open(api, collection(ns)
                + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true")) {
            List<String> names = new ArrayList<>();
            names.add(events.next().path("object").path("metadata").path("name").asText());
            names.add(events.next().path("object").path("metadata").path("name").asText());
            assertEquals(List.of("a", "b"), names.stream().sorted().toList());
            JsonNode bookmark = events.next();
            assertEquals("BOOKMARK", bookmark.path("type").asText());
            assertEquals("true", bookmark.path("object").path("metadata").path("annotations")
                    .path("k8s.io/initial-events-end").asText());
        }
        HttpResponse<String> invalid = api.get(collection(ns) + "?watch=true&sendInitialEvents=true");
        assertEquals(422, invalid.statusCode());
    }

    @Test
    void bookmarksArriveAndTimeoutEndsTheStream() throws Exception {
        String ns = "watch-bookmark";
        String listRv = json(api.get(collection(ns))).path("metadata").path("resourceVersion").asText();
        try (EventStream events = EventStream.open(api, collection(ns)
                + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=5&resourceVersion=" + listRv)) {
            JsonNode bookmark = events.next();
            assertEquals("BOOKMARK", bookmark.path("type").asText());
            assertTrue(bookmark.path("object").path("metadata").path("resourceVersion").asText().matches("[0-9]+"));
            assertTrue(events.awaitEnd(15), "the server ends the watch after timeoutSeconds");
        }
    }

    @Test
    void aGoneClientFreesItsWatch() throws Exception {
        String ns = "watch-gone";
        int before = activeWatches();
        EventStream events = EventStream.open(api, collection(ns) + "?watch=true&allowWatchBookmarks=true");
        api.post(collection(ns), "{\"metadata\":{\"name\":\"g\"},\"stringData\":{\"k\":\"v\"}}");
        assertEquals("ADDED", events.next().path("type").asText());
        assertTrue(activeWatches() > before, "the watch is registered");
        events.close();
        // The next bookmark (every 2 s in the test config) finds the connection gone.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (activeWatches() > before && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(activeWatches() <= before, "the watch is freed after its client went away");
    }

    private static int activeWatches() {
        String metrics = api.get("/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("virtualsecrets_watches_active"))
                .map(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow();
    }

    /** Reads a watch response line by line on a background thread. */
    static final class EventStream implements AutoCloseable {
        private final java.util.concurrent.CompletableFuture<HttpResponse<InputStream>> response;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread reader;
        private volatile boolean ended;

        /** Headers arrive with the first event (the server sends no filler), so the response is awaited in the background. */
        private EventStream(java.util.concurrent.CompletableFuture<HttpResponse<InputStream>> response) {
            this.response = response;
            this.reader = Thread.ofVirtual().start(this::read);
        }

        static EventStream open(ApiClient api, String path) {
            return new EventStream(api.sendAsync(api.request(path).timeout(java.time.Duration.ofMinutes(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }

        int status() throws Exception {
            return response.get(15, TimeUnit.SECONDS).statusCode();
        }

        JsonNode next() throws InterruptedException, IOException {
            String line = lines.poll(15, TimeUnit.SECONDS);
            assertNotNull(line, "no watch event within 15 s");
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        }

        boolean awaitEnd(int seconds) throws InterruptedException {
            reader.join(java.time.Duration.ofSeconds(seconds));
            return ended;
        }

        private void read() {
            InputStream body;
            try {
                body = response.get().body();
            } catch (Exception e) {
                return;
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
                ended = true;
            } catch (IOException e) {
                // Closed by the test.
            }
        }

        @Override
        public void close() throws IOException {
            response.cancel(true);
            if (response.isDone() && !response.isCompletedExceptionally() && !response.isCancelled()) {
                response.join().body().close();
            }
            reader.interrupt();
        }
    }
}
