package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.certs.Pem;
import dev.virtualsecrets.server.testsupport.Canaries;
import dev.virtualsecrets.server.testsupport.ClientGoInformer;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import dev.virtualsecrets.server.testsupport.Psql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Dynamic secrets through kube-apiserver's aggregator, against OpenBao's database engine on a real
 * PostgreSQL and its PKI engine: credentials that log in until their lease is deleted, renewals
 * and a rotation seen by {@code kubectl get -w} and the client-go informer, one lease per caller,
 * orphans revoked after a kill -9, and certificates that verify and rotate before notAfter.
 */
class DynamicSecretsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "demo";
    private static final String CREATE_ROLE = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' "
            + "VALID UNTIL '{{expiration}}'; GRANT CONNECT ON DATABASE demo TO \"{{name}}\";";
    /** With --output-watch-events kubectl prints the events themselves: {type, object}. */
    private static final String WATCH_COLUMNS = "custom-columns=EVENT:.type,NAME:.object.metadata.name,"
            + "RESOURCEVERSION:.object.metadata.resourceVersion,LEASE:.object.status.lease.id,"
            + "EXPIRES:.object.status.lease.expiresAt";

    private static DevCluster cluster;
    private static Kubectl kubectl;

    record Credentials(String username, String password, String leaseId) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", lease=" + leaseId + "]";
        }
    }

    @BeforeAll
    static void cluster() {
        cluster = DevCluster.shared();
        kubectl = cluster.kubectl();
    }

    @Test
    void credentialsLogInToPostgresUntilTheirLeaseIsDeleted() {
        Credentials first = credentials("alice", NS, "db-app");
        assertTrue(first.leaseId().startsWith("database/creds/demo-app/"), first.leaseId());
        assertTrue(logsIn(first), "fresh credentials log in");
        assertEquals(first, credentials("alice", NS, "db-app"), "a second read shares the lease");

        Kubectl.Result deleted = kubectl.run("--context", "alice", "delete", "vsec", "db-app", "-n", NS);
        assertEquals(0, deleted.exitCode(), deleted.toString());
        assertFalse(logsIn(first), "revoked credentials no longer log in");

        Credentials second = credentials("alice", NS, "db-app");
        assertNotEquals(first.username(), second.username(), "a get after delete issues new credentials");
        assertTrue(logsIn(second));
    }

    @Test
    void dynamicSecretsCannotBeWritten() {
        String manifest = """
                apiVersion: virtualsecrets.dev/v1alpha1
                kind: VirtualSecret
                metadata: {name: db-app, namespace: demo}
                stringData: {password: chosen-by-me}
                """;
        Kubectl.Result apply = kubectl.runWithInput(manifest, "apply", "-f", "-");
        assertNotEquals(0, apply.exitCode(), apply.toString());
        assertTrue(apply.stderr().contains("MethodNotAllowed")
                && apply.stderr().contains("is issued by Vault's database secrets engine"), apply.toString());
        Kubectl.Result patch = kubectl.run("patch", "vsec", "tls-web", "-n", NS, "--type", "merge",
                "-p", "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
        assertNotEquals(0, patch.exitCode(), patch.toString());
        assertTrue(patch.stderr().contains("is issued by Vault's pki secrets engine"), patch.toString());
    }

    @Test
    void watchersSeeRenewalsThenARotationWhoseNewCredentialsLogIn() throws Exception {
        // Role demo-rotating: 20 s TTL, 60 s max TTL; the local stack renews and rotates 5 s ahead.
        Path watchOutput = cluster.state().resolve("dynamic-watch.out");
        try (ClientGoInformer informer = ClientGoInformer.start(cluster.root(), cluster.kubeconfig(), NS,
                cluster.state().resolve("clientgo-dynamic.log"))) {
            informer.await(ClientGoInformer.event("SYNCED", null), Duration.ofSeconds(60));
            Credentials first = credentials("admin", NS, "db-rotating");
            Process watch = kubectl.background(watchOutput, "get", "vsec", "db-rotating", "-n", NS, "-w",
                    "--output-watch-events", "-o", WATCH_COLUMNS);
            try {
                JsonNode renewal = informer.await(node -> "UPDATE".equals(node.path("event").asText())
                        && "db-rotating".equals(node.path("name").asText())
                        && first.leaseId().equals(node.path("leaseId").asText()), Duration.ofSeconds(30));
                assertTrue(renewal.has("resourceVersion"));
                informer.await(node -> "UPDATE".equals(node.path("event").asText())
                        && "db-rotating".equals(node.path("name").asText())
                        && !first.leaseId().equals(node.path("leaseId").asText()), Duration.ofSeconds(75));
                Credentials rotated = credentials("admin", NS, "db-rotating");
                assertNotEquals(first.username(), rotated.username());
                assertTrue(logsIn(rotated), "the rotated credentials log in");
                assertFalse(logsIn(first), "the replaced credentials were revoked");
                awaitWatchLines(watchOutput, List.of(first.leaseId(), rotated.leaseId()), Duration.ofSeconds(10));
            } finally {
                watch.destroy();
            }
            String transcript = Files.readString(watchOutput);
            Files.writeString(cluster.root().resolve("apiserver/target/dynamic-watch-transcript.txt"), transcript);
            assertTrue(transcript.lines().filter(line -> line.startsWith("MODIFIED")).count() >= 2, transcript);
        }
    }

    @Test
    void manyReadsByThreeIdentitiesMakeThreeLeases() throws Exception {
        createDatabaseRole("demo-shared", "10m", "1h");
        List<String> users = List.of("admin", "alice", "bob");
        ExecutorService readers = Executors.newFixedThreadPool(users.size());
        try {
            List<Future<Set<String>>> usernames = new ArrayList<>();
            for (int i = 0; i < users.size(); i++) {
                String user = users.get(i);
                int reads = i == 0 ? 68 : 66;
                usernames.add(readers.submit(() -> readUsernames(user, "db-shared", reads)));
            }
            for (Future<Set<String>> perUser : usernames) {
                assertEquals(1, perUser.get(120, TimeUnit.SECONDS).size(), "one identity, one set of credentials");
            }
        } finally {
            readers.shutdownNow();
        }
        assertEquals(3, leases("demo-shared").size(), "200 reads by 3 identities: 3 leases in Vault");
    }

    @Test
    void aKilledServerRevokesItsOrphanedLeasesWhenItStarts() {
        DevCluster.shared().assumeServerProcess("kills and restarts the process");
        createDatabaseRole("demo-orphan", "10m", "1h");
        Credentials orphan = credentials("alice", NS, "db-orphan");
        assertEquals(List.of(orphan.leaseId().substring(orphan.leaseId().lastIndexOf('/') + 1)),
                leases("demo-orphan"));
        assertTrue(logsIn(orphan));

        cluster.restartServer();

        assertEquals(List.of(), leases("demo-orphan"), "the restarted server revoked the orphaned lease");
        assertFalse(logsIn(orphan));
    }

    @Test
    void certificatesVerifyAgainstTheirCaWithTheTemplatesNames() throws Exception {
        JsonNode secret = object("alice", NS, "tls-web");
        assertEquals("kubernetes.io/tls", secret.path("type").asText());
        X509Certificate certificate = Pem.readCertificates(data(secret, "tls.crt")).getFirst();
        X509Certificate ca = Pem.readCertificates(data(secret, "ca.crt")).getFirst();
        certificate.verify(ca.getPublicKey());
        Canaries.register(data(secret, "tls.key").lines().filter(line -> !line.startsWith("-----")).findFirst()
                .orElseThrow());
        assertEquals(Set.of("web.demo.svc", "web.demo.svc.cluster.local"), dnsNames(certificate));
        assertEquals(certificate.getNotAfter().toInstant().toString(),
                Instant.parse(secret.path("status").path("lease").path("expiresAt").asText()).toString());
    }

    @Test
    void aShortLivedCertificateIsReplacedBeforeNotAfter() throws Exception {
        String ns = "pkishort";
        cluster.bao("write", "pki/roles/" + ns, "allowed_domains=" + ns + ".svc," + ns + ".svc.cluster.local",
                "allow_subdomains=true", "key_type=ec", "key_bits=256", "ttl=20s", "max_ttl=20s");
        JsonNode first = object("admin", ns, "tls-web");
        X509Certificate firstCertificate = Pem.readCertificates(data(first, "tls.crt")).getFirst();
        Instant notAfter = firstCertificate.getNotAfter().toInstant();
        Path output = cluster.state().resolve("pki-watch.out");
        Process watch = kubectl.background(output, "get", "vsec", "tls-web", "-n", ns, "-w", "--output-watch-events",
                "-o", "custom-columns=EVENT:.type,NAME:.object.metadata.name,EXPIRES:.object.status.lease.expiresAt");
        try {
            String replacedUntil = awaitModifiedWithOtherExpiry(output, notAfter, Duration.ofSeconds(30));
            Instant seen = Instant.now();
            assertTrue(seen.isBefore(notAfter), "the rotation arrived at " + seen + ", after notAfter " + notAfter);
            assertTrue(Instant.parse(replacedUntil).isAfter(notAfter));
        } finally {
            watch.destroy();
        }
        X509Certificate second = Pem.readCertificates(data(object("admin", ns, "tls-web"), "tls.crt")).getFirst();
        assertNotEquals(firstCertificate.getSerialNumber(), second.getSerialNumber());
    }

    // --- helpers ---------------------------------------------------------------------------

    private static JsonNode object(String context, String namespace, String name) {
        Kubectl.Result get = kubectl.run("--context", context, "get", "vsec", name, "-n", namespace, "-o", "json");
        assertEquals(0, get.exitCode(), get.toString());
        try {
            return JSON.readTree(get.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String data(JsonNode secret, String key) {
        return new String(Base64.getDecoder().decode(secret.path("data").path(key).asText()), StandardCharsets.UTF_8);
    }

    private static Credentials credentials(String context, String namespace, String name) {
        JsonNode secret = object(context, namespace, name);
        Credentials credentials = new Credentials(data(secret, "username"), data(secret, "password"),
                secret.path("status").path("lease").path("id").asText());
        Canaries.register(credentials.password());
        return credentials;
    }

    private static Set<String> readUsernames(String user, String name, int reads) throws Exception {
        HttpClient client = cluster.kubeHttpClient(user);
        URI uri = cluster.apiServer().resolve("/apis/virtualsecrets.dev/v1alpha1/namespaces/" + NS + "/virtualsecrets/"
                + name);
        Set<String> usernames = new HashSet<>();
        for (int i = 0; i < reads; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), user + ": " + response.body());
            JsonNode secret = JSON.readTree(response.body());
            usernames.add(data(secret, "username"));
            Canaries.register(data(secret, "password"));
        }
        return usernames;
    }

    private static void createDatabaseRole(String role, String ttl, String maxTtl) {
        cluster.bao("write", "database/roles/" + role, "db_name=postgres", "creation_statements=" + CREATE_ROLE,
                "default_ttl=" + ttl, "max_ttl=" + maxTtl);
    }

    /** The lease ids (last segment) Vault holds for a database role. */
    private static List<String> leases(String role) {
        try {
            JsonNode keys = JSON.readTree(cluster.bao("list", "-format=json", "sys/leases/lookup/database/creds/" + role + "/"));
            List<String> ids = new ArrayList<>();
            keys.forEach(key -> ids.add(key.asText()));
            return ids;
        } catch (IllegalStateException e) {
            // With nothing to list, bao prints {} (or "No value found") and exits with 2.
            if (e.getMessage().strip().endsWith("{}") || e.getMessage().contains("No value found")) {
                return List.of();
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean logsIn(Credentials credentials) {
        return Psql.canLogIn(cluster.env("PGPORT"), credentials.username(), credentials.password());
    }

    private static Set<String> dnsNames(X509Certificate certificate) throws Exception {
        Set<String> names = new HashSet<>();
        for (List<?> name : certificate.getSubjectAlternativeNames()) {
            if (Integer.valueOf(2).equals(name.get(0))) {
                names.add(name.get(1).toString());
            }
        }
        return names;
    }

    private static void awaitWatchLines(Path output, List<String> fragments, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(output);
            if (fragments.stream().allMatch(text::contains)) {
                return;
            }
            Thread.sleep(200);
        }
        fail("kubectl get -w did not print " + fragments + ":\n" + Files.readString(output));
    }

    /** The expiry of the first MODIFIED event whose expiry differs from {@code notAfter}. */
    private static String awaitModifiedWithOtherExpiry(Path output, Instant notAfter, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(output)) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length == 3 && columns[0].equals("MODIFIED")
                        && !Instant.parse(columns[2]).equals(notAfter)) {
                    return columns[2];
                }
            }
            Thread.sleep(100);
        }
        fail("no rotation within " + within + "; kubectl printed:\n" + Files.readString(output));
        return null;
    }
}
