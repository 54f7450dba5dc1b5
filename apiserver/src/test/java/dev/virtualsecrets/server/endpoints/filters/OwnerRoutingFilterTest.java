package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.certs.CertificateAuthority;
import dev.virtualsecrets.server.authn.AuthenticationChain;
import dev.virtualsecrets.server.config.ServerConfig;
import dev.virtualsecrets.server.replicas.Membership;
import dev.virtualsecrets.server.replicas.Owners;
import dev.virtualsecrets.server.replicas.PeerClient;
import dev.virtualsecrets.server.replicas.Replica;
import dev.virtualsecrets.server.replicas.ReplicaDirectory;
import dev.virtualsecrets.server.testsupport.HelidonTestServer;
import dev.virtualsecrets.server.tls.ServerTls;
import dev.virtualsecrets.server.tls.ServingCertificate;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica forwarding to the owner of the caller, both real Helidon servers: the owner gets the
 * caller in the forwarded headers with the peer token, answers come back whole, watches stream, and
 * an unreachable owner leaves GETs to this replica and other verbs with 503.
 */
class OwnerRoutingFilterTest {

    private static final String ITEM = "/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets/x";

    @TempDir
    Path dir;
    private WebServer owner;
    private HelidonTestServer forwarder;
    private String user;

    @BeforeEach
    void twoReplicas() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("ca", Duration.ofHours(1));
        ca.issueServing("virtualsecrets", List.of("localhost"), List.of("127.0.0.1"), Duration.ofHours(1))
                .writeTo(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        ServingCertificate serving = new ServingCertificate(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        ServerConfig.Server config = new ServerConfig.Server("127.0.0.1", 0, dir.resolve("tls.crt"),
                dir.resolve("tls.key"), List.of(), 4096, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ZERO);
        owner = WebServer.builder().host("127.0.0.1").port(0).tls(ServerTls.create(config, serving))
                .routing(routing -> routing.any((request, response) -> {
                    if (request.query().contains("quiet")) {
                        try {
                            Thread.sleep(300); // a watch that ends at its timeout without an event
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        response.outputStream().close();
                        return;
                    }
                    if (request.query().contains("watch")) {
                        try (OutputStream out = response.outputStream()) {
                            for (int i = 0; i < 3; i++) {
                                out.write(("event " + i + "\n").getBytes(StandardCharsets.UTF_8));
                                out.flush();
                                Thread.sleep(300);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return;
                    }
                    String seen = "owner " + request.prologue().method().text()
                            + " user=" + request.headers().first(HeaderNames.create(PeerClient.USER)).orElse("-")
                            + " groups=" + request.headers().all(HeaderNames.create(PeerClient.GROUP), List::of)
                            + " bearer=" + request.headers().first(HeaderNames.AUTHORIZATION).orElse("-")
                            + " remote=" + request.headers().first(HeaderNames.create("X-Remote-User")).orElse("-")
                            + " body=" + new String(request.content().inputStream().readAllBytes(),
                            StandardCharsets.UTF_8);
                    response.header(HeaderNames.create("Retry-After"), "7").status(202).send(seen);
                }))
                .build().start();
        Replica self = new Replica("a", URI.create("https://127.0.0.1:1"));
        Replica peer = new Replica("b", URI.create("https://127.0.0.1:" + owner.port()));
        user = IntStream.range(0, 100).mapToObj(i -> "user-" + i)
                .filter(candidate -> Owners.owner(candidate, List.of(self, peer)).equals(peer)).findFirst().orElseThrow();
        Membership membership = new Membership(new ReplicaDirectory() {
            @Override
            public void renew(Replica replica, Duration duration) {
            }

            @Override
            public List<Replica> live() {
                return List.of(self, peer);
            }

            @Override
            public void withdraw(Replica replica) {
            }
        }, self, Duration.ofSeconds(15));
        membership.start(Duration.ofHours(1));
        Path token = Files.writeString(dir.resolve("token"), "peer-token\n");
        forwarder = new HelidonTestServer();
        AuthenticationChain authentication = new AuthenticationChain(List.of(request -> Optional.of(
                CallerIdentity.of(request.header("x-test-user").getFirst(), List.of("dev")))));
        forwarder.startPipeline((request, response) -> response.send("local " + request.prologue().method().text()),
                new AuthenticationFilter(authentication),
                new OwnerRoutingFilter(membership, new PeerClient(serving::served, token, Duration.ofSeconds(1)),
                        1024, forwarder.metrics));
    }

    @AfterEach
    void stop() {
        if (owner != null) {
            owner.stop();
        }
        forwarder.close();
    }

    @Test
    void theOwnerAnswersWithTheCallerForwardedByThePeerTokenAndNoOtherIdentityHeader() {
        HttpResponse<String> answer = forwarder.send(forwarder.request(ITEM).header("x-test-user", user)
                .header("X-Remote-User", "someone-else").method("DELETE",
                        java.net.http.HttpRequest.BodyPublishers.ofString("{\"kind\":\"DeleteOptions\"}")));

        assertEquals(202, answer.statusCode(), answer.body());
        assertEquals("owner DELETE user=" + user + " groups=[dev, system:authenticated] bearer=Bearer peer-token"
                + " remote=- body={\"kind\":\"DeleteOptions\"}", answer.body());
        assertEquals(Optional.of("7"), answer.headers().firstValue("Retry-After"));
        assertTrue(forwarder.metrics.scrape().contains("virtualsecrets_requests_forwarded_total{outcome=\"forwarded\"} 1.0"));
    }

    @Test
    void aWatchStreamsEachEventAsTheOwnerSendsIt() {
        HttpResponse<Stream<String>> watch = forwarder.stream(forwarder.request(ITEM + "?watch=true")
                .header("x-test-user", user));
        assertEquals(200, watch.statusCode());
        Iterator<String> lines = watch.body().iterator();
        long started = System.nanoTime();
        assertEquals("event 0", lines.next());
        long firstMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals("event 1", lines.next());
        assertEquals("event 2", lines.next());
        assertFalse(lines.hasNext());
        assertTrue(firstMillis < 250, "the first event arrived before the owner sent the second: " + firstMillis + " ms");
    }

    @Test
    void aWatchTheOwnerEndsWithoutAnEventIsAnEmptyAnswerNotAnError() {
        HttpResponse<String> quiet = forwarder.get(ITEM + "?watch=true&timeoutSeconds=1&quiet", "x-test-user", user);

        assertEquals(200, quiet.statusCode(), quiet.body());
        assertEquals("", quiet.body());
        HttpResponse<String> after = forwarder.get(ITEM + "?watch=true", "x-test-user", user);
        assertEquals("event 0\nevent 1\nevent 2\n", after.body(), "the connection still serves the next request");
    }

    @Test
    void anUnreachableOwnerLeavesGetsHereAndOtherVerbsWith503() {
        owner.stop();
        owner = null;

        HttpResponse<String> get = forwarder.get(ITEM, "x-test-user", user);
        assertEquals(200, get.statusCode());
        assertEquals("local GET", get.body());
        HttpResponse<String> delete = forwarder.send(forwarder.request(ITEM).header("x-test-user", user).DELETE());
        assertEquals(503, delete.statusCode(), delete.body());
        assertTrue(delete.headers().firstValue("Retry-After").isPresent());
        assertTrue(forwarder.metrics.scrape().contains("virtualsecrets_requests_forwarded_total{outcome=\"unreachable\"} 2.0"));
    }

    @Test
    void aForwardedRequestIsServedWhereItArrives() {
        HttpResponse<String> again = forwarder.get(ITEM, "x-test-user", user, PeerClient.USER, user);
        assertEquals("local GET", again.body());
    }
}
