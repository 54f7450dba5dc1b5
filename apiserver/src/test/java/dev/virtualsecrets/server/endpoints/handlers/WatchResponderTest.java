package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.testsupport.HelidonTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class WatchResponderTest {

    private ResourceServer server;
    private HttpResponse<Stream<String>> watch;

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.body().close();
        }
        server.close();
    }

    private Iterator<String> watch(String query, String... headers) {
        watch = server.watch(query, headers);
        assertEquals(200, watch.statusCode());
        assertEquals("application/json", watch.headers().firstValue("Content-Type").orElse(""));
        return watch.body().iterator();
    }

    private static JsonNode next(Iterator<String> lines) {
        assertTrue(lines.hasNext(), "the watch ended early");
        return HelidonTestServer.json(lines.next());
    }

    private static String describe(JsonNode event) {
        JsonNode metadata = event.path("object").path("metadata");
        return event.path("type").asText() + " " + metadata.path("name").asText();
    }

    @Test
    void aWatchFromNowStartsWithTheCurrentStateAsAddedEventsThenStreamsChanges() {
        server = new ResourceServer();
        server.storage.put("demo", "api-key");
        server.storage.put("demo", "token");
        server.storage.put("other", "not-watched");

        Iterator<String> lines = watch("");
        assertEquals("ADDED api-key", describe(next(lines)));
        assertEquals("ADDED token", describe(next(lines)));

        String version = server.storage.put("demo", "db-password").getMetadata().getResourceVersion();
        JsonNode live = next(lines);
        assertEquals("ADDED db-password", describe(live));
        assertEquals(version, live.path("object").path("metadata").path("resourceVersion").asText());
        assertEquals("czNjcjN0", live.path("object").path("data").path("password").asText());
    }

    @Test
    void aQuietWatchSendsItsHeadersAtOnceNotWithItsFirstEventOrAtItsTimeout() {
        server = new ResourceServer(); // no bookmarks asked, a 30 s timeout: longer than this class's limit

        Iterator<String> lines = watch("");

        server.storage.put("demo", "api-key");
        assertEquals("ADDED api-key", describe(next(lines)), "the stream opened before any event still carries them");
    }

    @Test
    void aWatchListSendsTheInitialStateThenABookmarkThatEndsIt() {
        server = new ResourceServer();
        server.storage.put("demo", "api-key");
        server.storage.put("demo", "token");

        Iterator<String> lines = watch("sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
                + "&allowWatchBookmarks=true");

        assertEquals("ADDED api-key", describe(next(lines)));
        assertEquals("ADDED token", describe(next(lines)));
        JsonNode bookmark = next(lines);
        assertEquals("BOOKMARK", bookmark.path("type").asText());
        JsonNode metadata = bookmark.path("object").path("metadata");
        assertEquals("true", metadata.path("annotations").path("k8s.io/initial-events-end").asText());
        assertEquals(Long.toString(server.versions.current()), metadata.path("resourceVersion").asText(),
                "the version the initial state was read at");
        assertEquals("VirtualSecret", bookmark.path("object").path("kind").asText());
    }

    @Test
    void withBookmarksAllowedAnIdleWatchGetsBookmarksEveryInterval() {
        server = new ResourceServer(100, Duration.ofMillis(100), Duration.ofSeconds(30),
                WatchVisibility.everything());

        Iterator<String> lines = watch("allowWatchBookmarks=true");

        for (int i = 0; i < 2; i++) {
            JsonNode bookmark = next(lines);
            assertEquals("BOOKMARK", bookmark.path("type").asText());
            assertFalse(bookmark.path("object").path("metadata").has("annotations"), bookmark.toString());
            assertEquals(Long.toString(server.versions.current()),
                    bookmark.path("object").path("metadata").path("resourceVersion").asText());
        }
    }

    @ParameterizedTest(name = "{0} with a maximum of {1} s")
    @CsvSource({
            "timeoutSeconds=1,    30",
            "timeoutSeconds=3600, 1", // capped at the maximum
            "timeoutSeconds=0,    2", // as unset, like kube-apiserver: a random time in [max/2, max)
    })
    void theStreamEndsAtTheTimeout(String query, int maxWatchTimeoutSeconds) {
        server = new ResourceServer(100, Duration.ofMinutes(1), Duration.ofSeconds(maxWatchTimeoutSeconds),
                WatchVisibility.everything());
        server.storage.put("demo", "api-key");
        long started = System.nanoTime();

        Iterator<String> lines = watch(query);

        assertEquals("ADDED api-key", describe(next(lines)));
        assertFalse(lines.hasNext(), "the stream ends at the timeout");
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMillis >= 900 && elapsedMillis < 5_000, "ended after " + elapsedMillis + " ms");
    }

    @Test
    void anEventTheWatcherMayNotSeeIsNotDelivered() {
        List<String> asked = new CopyOnWriteArrayList<>();
        server = new ResourceServer(100, Duration.ofMinutes(1), Duration.ofSeconds(30), (watcher, namespace, name) -> {
            asked.add(watcher.user() + " " + namespace + "/" + name);
            return !name.equals("hidden");
        });
        server.storage.put("demo", "api-key");

        Iterator<String> lines = watch("");
        assertEquals("ADDED api-key", describe(next(lines)));
        server.storage.put("demo", "hidden");
        server.storage.put("demo", "shown");

        assertEquals("ADDED shown", describe(next(lines)));
        assertEquals(List.of("alice demo/hidden", "alice demo/shown"), asked);
    }

    @Test
    void aWatcherThatFallsBehindGetsWhatWasQueuedThenA410Expired() throws Exception {
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch caughtUp = new CountDownLatch(1);
        // A watcher stuck on its first event (here: in the visibility check) while writes go on.
        server = new ResourceServer(3, Duration.ofMinutes(1), Duration.ofSeconds(30), (watcher, namespace, name) -> {
            if (name.equals("s-0")) {
                checking.countDown();
                await(caughtUp);
            }
            return true;
        });
        String from = server.storage.put("demo", "start").getMetadata().getResourceVersion();
        CompletableFuture<HttpResponse<Stream<String>>> response =
                CompletableFuture.supplyAsync(() -> server.watch("resourceVersion=" + from));

        server.storage.put("demo", "s-0");
        assertTrue(checking.await(10, TimeUnit.SECONDS));
        for (int i = 1; i <= 4; i++) {
            server.storage.put("demo", "s-" + i); // s-1..s-3 fill the queue of 3; s-4 overflows it
        }
        caughtUp.countDown();
        watch = response.get(10, TimeUnit.SECONDS);
        Iterator<String> lines = watch.body().iterator();

        for (int i = 0; i <= 3; i++) {
            assertEquals("ADDED s-" + i, describe(next(lines)));
        }
        JsonNode error = next(lines);
        assertEquals("ERROR", error.path("type").asText());
        JsonNode status = error.path("object");
        assertEquals("Status", status.path("kind").asText());
        assertEquals(410, status.path("code").asInt());
        assertEquals("Expired", status.path("reason").asText());
        assertFalse(lines.hasNext(), "the stream ends after the error");
        assertEquals(0, server.hub.activeWatchers());
    }

    @Test
    void withATableAcceptHeaderEventsCarryTableRows() {
        server = new ResourceServer();
        server.storage.put("demo", "api-key");

        Iterator<String> lines = watch("", "Accept", "application/json;as=Table;v=v1;g=meta.k8s.io");

        JsonNode event = next(lines);
        assertEquals("ADDED", event.path("type").asText());
        assertEquals("Table", event.path("object").path("kind").asText());
        assertEquals("api-key", event.path("object").path("rows").path(0).path("cells").path(0).asText());
        assertFalse(event.toString().contains("czNjcjN0"), "a Table shows no values");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
