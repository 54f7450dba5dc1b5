package dev.virtualsecrets.server.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.e2e.ServingCertificateRotationIT;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import dev.virtualsecrets.server.testsupport.Psql;
import dev.virtualsecrets.server.testsupport.RawHttps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server as users deploy it (manifests/base through manifests/overlays/node): two pods of the
 * image built here, on a real node (containerd, kubelet, kube-proxy, CNI bridge) next to
 * kube-apiserver, kube-controller-manager and kube-scheduler, behind the APIService, logging in to
 * OpenBao with their projected ServiceAccount token. Then a pod is killed and the Deployment
 * restarted under a looping client, and {@code hack/dev-cluster down} must leave the machine as
 * it found it: no traffic ever left for another address (VSEC-GUARD's counters), and iptables,
 * links, sysctls, mounts and processes are as before.
 */
@Tag("node")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP_CREDENTIALS = "/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets/app-credentials";
    private static final String DB_APP = "/apis/virtualsecrets.dev/v1alpha1/namespaces/demo/virtualsecrets/db-app";

    private static MachineState before;
    private static DevCluster cluster;
    private static Kubectl kubectl;
    private static HttpClient admin;
    private static final Map<String, HttpClient> clients = new java.util.concurrent.ConcurrentHashMap<>();
    /** kube-controller-manager's log up to the APIService's first Available (discovery errors before it are expected). */
    private static long controllerLogAtStart;

    @BeforeAll
    static void upWithANode() {
        before = MachineState.capture();
        cluster = DevCluster.node();
        kubectl = cluster.kubectl();
        try {
            controllerLogAtStart = Files.size(cluster.state().resolve("kube-controller-manager.log"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.down();
        }
    }

    @Test
    @Order(1)
    void twoPodsServeTheApiServiceAndLogInToVaultAsTheirServiceAccount() throws Exception {
        awaitReady(Duration.ofMinutes(2));
        List<String> podIps = new ArrayList<>();
        for (JsonNode pod : servingPods()) {
            assertEquals("vsec-node", pod.at("/spec/nodeName").asText());
            assertEquals("Running", pod.at("/status/phase").asText());
            assertTrue(pod.at("/status/podIP").asText().startsWith("10.88.0."), pod.at("/status/podIP").asText());
            podIps.add(pod.at("/status/podIP").asText());
        }
        assertEquals(2, podIps.size(), "two replicas");

        JsonNode slices = json(kubectl.run("get", "endpointslices", "-n", "virtualsecrets",
                "-l", "kubernetes.io/service-name=virtualsecrets", "-o", "json"));
        List<String> endpoints = new ArrayList<>();
        for (JsonNode endpoint : slices.at("/items/0/endpoints")) {
            assertTrue(endpoint.at("/conditions/ready").asBoolean(), endpoint.toString());
            endpoints.add(endpoint.at("/addresses/0").asText());
        }
        assertEquals(podIps.stream().sorted().toList(), endpoints.stream().sorted().toList());
        assertEquals("True", kubectl.run("get", "apiservice", "v1alpha1.virtualsecrets.dev", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Available\")].status}").stdout());

        Kubectl.Result listed = kubectl.run("get", "vsec", "-A");
        assertEquals(0, listed.exitCode(), listed.stderr());
        assertTrue(listed.stdout().contains("app-credentials") && listed.stdout().contains("api-key"), listed.stdout());

        HttpResponse<String> read = get(APP_CREDENTIALS);
        assertEquals(200, read.statusCode(), ApiClient.describe(read.body()));
        String password = decoded(JSON.readTree(read.body()).at("/data/password").asText());
        assertEquals(cluster.bao("kv", "get", "-mount=secret", "-field=password", "kubernetes/demo/app-credentials").strip(),
                password, "the pods answer with what OpenBao holds");

        String etcd = new String(cluster.etcdctl("get", "", "--prefix"), StandardCharsets.ISO_8859_1);
        assertFalse(etcd.contains(password), "etcd holds the value the pods served");
        assertFalse(etcd.contains(Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8))),
                "etcd holds the value the pods served, in base64");

        // The server's own token comes from a kubernetes-auth login as its ServiceAccount.
        String audit = Files.readString(Path.of(cluster.env("VAULT_AUDIT_LOG")));
        assertTrue(audit.lines().anyMatch(line -> line.contains("\"auth/kubernetes/login\"")
                        && line.contains("\"service_account_name\":\"virtualsecrets\"")),
                "OpenBao's audit log shows the server's kubernetes login");

        for (String pod : podNames()) {
            String log = kubectl.run("logs", "-n", "virtualsecrets", pod).stdout();
            assertFalse(log.isEmpty(), "the pod logs");
            assertFalse(log.contains(password), "a pod's log holds a secret value");
            assertFalse(log.contains(cluster.vaultToken()), "a pod's log holds OpenBao's root token");
        }
    }

    @Test
    @Order(2)
    void aKilledPodComesBackAndTheApiServiceStaysAvailable() throws Exception {
        String victim = podNames().getFirst();
        long pid = ContainerProcess.of(victim);
        try (LoopingClient client = LoopingClient.start(this::get, APP_CREDENTIALS)) {
            Thread.sleep(3_000);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            awaitReady(Duration.ofMinutes(2));
            Thread.sleep(3_000);
            LoopingClient.Tally tally = client.stop();
            System.out.printf("pod kill (SIGKILL of %s's java): %s%n", victim, tally);
            assertTrue(tally.succeeded() > 0, tally.toString());
            assertEquals(0, tally.apiServiceUnavailable(), "the APIService stayed Available: " + tally);
        }
        String restarts = kubectl.run("get", "pod", "-n", "virtualsecrets", victim, "-o",
                "jsonpath={.status.containerStatuses[0].restartCount}").stdout();
        assertEquals("1", restarts, "the kubelet restarted the killed container");
    }

    @Test
    @Order(4)
    void aRolloutRestartHandsTheLeasesOverSoThatCredentialsReadBeforeStillLogInAndNoLeaseIsAdded() throws Exception {
        awaitReady(Duration.ofMinutes(2));
        Thread.sleep(6_000); // a replica's view of the others is at most one renew interval (5 s) old
        Map<String, String[]> before = new java.util.TreeMap<>();
        for (String identity : List.of("alice", "bob", "dave")) {
            HttpResponse<String> read = dbAppAs(identity);
            assertEquals(200, read.statusCode(), identity + ": " + ApiClient.describe(read.body()));
            JsonNode data = JSON.readTree(read.body()).path("data");
            before.put(identity, new String[]{decoded(data.path("username").asText()),
                    decoded(data.path("password").asText())});
            assertTrue(Psql.canLogIn(cluster.env("PGPORT"), before.get(identity)[0], before.get(identity)[1]),
                    identity + "'s credentials log in before the rollout");
        }
        Set<String> leasesBefore = leases("demo-app");

        try (LoopingClient client = LoopingClient.start(this::get, APP_CREDENTIALS)) {
            Thread.sleep(2_000);
            assertEquals(0, kubectl.run("rollout", "restart", "-n", "virtualsecrets", "deployment/virtualsecrets").exitCode());
            Kubectl.Result status = kubectl.run("rollout", "status", "-n", "virtualsecrets", "deployment/virtualsecrets",
                    "--timeout=90s");
            assertEquals(0, status.exitCode(), status.toString());
            awaitReady(Duration.ofMinutes(2));
            Thread.sleep(6_000);
            LoopingClient.Tally tally = client.stop();
            System.out.printf("rollout restart: %s%n", tally);
            assertTrue(tally.succeeded() > 0, tally.toString());
            assertEquals(0, tally.apiServiceUnavailable(), "the APIService stayed Available: " + tally);
            // The bound the README states: a rollout costs a looping client at most 2 failed requests.
            assertTrue(tally.failures() <= 2, tally.toString());
        }

        for (Map.Entry<String, String[]> identity : before.entrySet()) {
            HttpResponse<String> read = dbAppAs(identity.getKey());
            assertEquals(200, read.statusCode(), ApiClient.describe(read.body()));
            assertEquals(identity.getValue()[0], decoded(JSON.readTree(read.body()).at("/data/username").asText()),
                    identity.getKey() + " is served the credentials it had before the rollout");
            assertTrue(Psql.canLogIn(cluster.env("PGPORT"), identity.getValue()[0], identity.getValue()[1]),
                    identity.getKey() + "'s credentials read before the rollout still log in");
        }
        assertEquals(leasesBefore, leases("demo-app"), "the same leases, none revoked and none added");
        List<String> serving = podNames();
        for (String lease : leasesBefore) {
            String recorder = recordingReplica("database/creds/demo-app/" + lease);
            assertTrue(serving.contains(recorder), lease + " is recorded by " + recorder + ", not by a serving pod "
                    + serving);
        }
    }

    /** db-app as alice, bob, or dave (admin impersonating him with group system:masters). */
    private HttpResponse<String> dbAppAs(String identity) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.apiServer() + DB_APP))
                .timeout(Duration.ofSeconds(10));
        if (identity.equals("dave")) {
            request.header("Impersonate-User", "dave").header("Impersonate-Group", "system:masters");
        }
        return clients.computeIfAbsent(identity, name -> cluster.kubeHttpClient(name.equals("dave") ? "admin" : name))
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(3)
    void threeIdentitiesReadingThroughBothReplicasHoldOneLeaseEachAndGetTheSameCredentialsEverywhere()
            throws Exception {
        awaitReady(Duration.ofMinutes(2));
        Thread.sleep(6_000); // a replica's view of the others is at most one renew interval (5 s) old
        Set<String> leasesBefore = leases("demo-app");
        Map<String, Set<String>> usernames = new java.util.TreeMap<>();
        for (int round = 0; round < 300; round++) {
            for (String identity : List.of("alice", "bob", "dave")) {
                HttpResponse<String> read = dbAppAs(identity);
                assertEquals(200, read.statusCode(), identity + ": " + ApiClient.describe(read.body()));
                usernames.computeIfAbsent(identity, k -> new java.util.TreeSet<>())
                        .add(decoded(JSON.readTree(read.body()).at("/data/username").asText()));
            }
        }
        usernames.forEach((identity, names) -> assertEquals(1, names.size(), identity + " got " + names));
        assertEquals(3, usernames.values().stream().flatMap(Set::stream).distinct().count(),
                "one set of credentials per identity: " + usernames);
        Set<String> created = new java.util.TreeSet<>(leases("demo-app"));
        created.removeAll(leasesBefore);
        assertEquals(3, created.size(), "exactly one new lease per identity: " + created);

        // Each pod, asked directly (no kube-apiserver choosing), gives alice the same credentials.
        // Raw TLS: a pod's certificate names the Service, not the pod's address.
        for (JsonNode pod : servingPods()) {
            String ip = pod.at("/status/podIP").asText();
            RawHttps.Answer read = new RawHttps(cluster.serverSslContext(cluster.pki("alice.crt"),
                    cluster.pki("alice.key")), URI.create("https://" + ip + ":8443")).send(("GET " + DB_APP
                    + " HTTP/1.1\r\nHost: " + ip + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(10));
            assertEquals(200, read.code(), ApiClient.describe(read.body()));
            assertEquals(usernames.get("alice"), Set.of(decoded(JSON.readTree(read.body()).at("/data/username")
                    .asText())), "pod " + pod.at("/metadata/name").asText());
        }

        // Only the server's own ServiceAccount may move leases: alice (RBAC does not grant her the
        // path) and admin (system:masters passes RBAC; the server refuses anyone but itself) get 403.
        byte[] release = ("{\"caller\":{\"user\":\"alice\",\"groups\":[\"system:authenticated\"],\"extra\":{}},"
                + "\"namespace\":\"demo\",\"name\":\"db-app\"}").getBytes(StandardCharsets.UTF_8);
        for (JsonNode pod : servingPods()) {
            String ip = pod.at("/status/podIP").asText();
            for (String user : List.of("alice", "admin")) {
                RawHttps.Answer answer = new RawHttps(cluster.serverSslContext(cluster.pki(user + ".crt"),
                        cluster.pki(user + ".key")), URI.create("https://" + ip + ":8443")).send((("POST "
                        + "/replicas/v1/leases/release HTTP/1.1\r\nHost: " + ip + "\r\nContent-Type: application/json"
                        + "\r\nContent-Length: " + release.length + "\r\nConnection: close\r\n\r\n" + new String(release,
                        StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(10));
                assertEquals(403, answer.code(), user + " on " + ip + ": " + ApiClient.describe(answer.body()));
            }
        }
        HttpResponse<String> after = dbAppAs("alice");
        assertEquals(usernames.get("alice"), Set.of(decoded(JSON.readTree(after.body()).at("/data/username").asText())),
                "alice keeps her credentials");
    }

    /** The lease ids Vault holds under database/creds/{role}. */
    private static Set<String> leases(String role) throws Exception {
        String listed;
        try {
            listed = cluster.bao("list", "-format=json", "sys/leases/lookup/database/creds/" + role + "/");
        } catch (IllegalStateException e) {
            if (e.getMessage().contains("No value found") || e.getMessage().trim().endsWith("{}")) {
                return Set.of(); // no lease under that prefix
            }
            throw e;
        }
        Set<String> ids = new java.util.TreeSet<>();
        JSON.readTree(listed).forEach(id -> ids.add(id.asText()));
        return ids;
    }

    @Test
    @Order(5)
    void theLeasesOfAKilledAndForceDeletedPodAreRevokedByTheOtherReplicaWithinTheMembershipExpiry() throws Exception {
        awaitReady(Duration.ofMinutes(2));
        Thread.sleep(6_000);
        Set<String> before = leases("demo-app");
        if (admin == null) {
            admin = cluster.kubeHttpClient("admin");
        }
        HttpResponse<String> read = admin.send(HttpRequest.newBuilder(URI.create(cluster.apiServer() + DB_APP))
                .header("Impersonate-User", "erin").header("Impersonate-Group", "system:masters")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode(), ApiClient.describe(read.body()));
        String username = decoded(JSON.readTree(read.body()).at("/data/username").asText());
        Set<String> created = new java.util.TreeSet<>(leases("demo-app"));
        created.removeAll(before);
        assertEquals(1, created.size(), created.toString());
        String leaseId = "database/creds/demo-app/" + created.iterator().next();
        String holder = recordingReplica(leaseId);

        // SIGKILL first: a pod that only got SIGTERM would hand its leases over instead.
        ProcessHandle.of(ContainerProcess.of(holder)).orElseThrow().destroyForcibly();
        assertEquals(0, kubectl.run("delete", "pod", "-n", "virtualsecrets", holder, "--grace-period=0", "--force")
                .exitCode());
        long started = System.nanoTime();
        boolean revoked = false;
        while (!revoked && System.nanoTime() - started < Duration.ofSeconds(45).toNanos()) {
            try {
                cluster.bao("lease", "lookup", leaseId);
                Thread.sleep(1_000);
            } catch (IllegalStateException e) {
                revoked = true; // Vault no longer knows the lease
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        System.out.printf("force-deleted pod %s: its lease was revoked after %d s%n", holder, seconds);
        assertTrue(revoked, "the killed replica's lease is revoked within 45 s (Lease expiry 15 s + renew 5 s)");
        assertTrue(recordsOf(holder).isEmpty(), "no record of the gone replica is left");

        awaitReady(Duration.ofMinutes(2));
        Thread.sleep(6_000);
        HttpResponse<String> again = admin.send(HttpRequest.newBuilder(URI.create(cluster.apiServer() + DB_APP))
                .header("Impersonate-User", "erin").header("Impersonate-Group", "system:masters")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, again.statusCode(), ApiClient.describe(again.body()));
        assertFalse(username.equals(decoded(JSON.readTree(again.body()).at("/data/username").asText())),
                "new credentials from the new owner");
    }

    /** The replica whose lease records hold {@code leaseId}. */
    private static String recordingReplica(String leaseId) throws Exception {
        for (JsonNode folder : JSON.readTree(cluster.bao("kv", "list", "-format=json", "-mount=secret",
                "virtualsecrets/leases"))) {
            String replica = folder.asText().replaceAll("/$", "");
            for (String record : recordsOf(replica)) {
                if (leaseId.equals(cluster.bao("kv", "get", "-mount=secret", "-field=lease_id",
                        "virtualsecrets/leases/" + replica + "/" + record).strip())) {
                    return replica;
                }
            }
        }
        throw new AssertionError("no replica recorded " + leaseId);
    }

    private static List<String> recordsOf(String replica) throws Exception {
        try {
            List<String> records = new ArrayList<>();
            JSON.readTree(cluster.bao("kv", "list", "-format=json", "-mount=secret", "virtualsecrets/leases/" + replica))
                    .forEach(record -> records.add(record.asText()));
            return records;
        } catch (IllegalStateException e) {
            return List.of(); // nothing under that folder any more
        }
    }

    @Test
    @Order(6)
    void aServingCertificateReplacedInTheSecretIsServedByEveryPodWithoutARestart() throws Exception {
        ServingCertificateRotationIT.rotateAndCheck(cluster);
    }

    @Test
    @Order(7)
    void theNamespaceControllerDeletesANamespaceThroughThePodsAndTheControllersSyncWithoutErrors() throws Exception {
        String namespace = "node-nsdel-" + UUID.randomUUID().toString().substring(0, 8);
        String marker = "kept-" + UUID.randomUUID();
        assertEquals(0, kubectl.run("create", "namespace", namespace).exitCode());
        Kubectl.Result created = kubectl.runWithInput("""
                apiVersion: virtualsecrets.dev/v1alpha1
                kind: VirtualSecret
                metadata: {name: keep-me}
                stringData: {password: %s}
                """.formatted(marker), "-n", namespace, "create", "-f", "-");
        assertEquals(0, created.exitCode(), created.stderr());

        Kubectl.Result deleted = kubectl.run("delete", "namespace", namespace, "--timeout=60s");
        assertEquals(0, deleted.exitCode(), deleted.stderr());
        assertTrue(kubectl.run("get", "namespace", namespace).stderr().contains("NotFound"), "the namespace is gone");
        assertEquals(marker, cluster.bao("kv", "get", "-mount=secret", "-field=password",
                "kubernetes/" + namespace + "/keep-me").strip(), "the value stays in Vault (namespaceDeletion: retain)");

        String controllers = Files.readString(cluster.state().resolve("kube-controller-manager.log"), StandardCharsets.ISO_8859_1);
        assertTrue(controllers.contains("Garbage collector: all resource monitors have synced"),
                "the garbage collector's metadata informers synced");
        List<String> errors = controllers.substring((int) Math.min(controllerLogAtStart, controllers.length())).lines()
                .filter(line -> line.startsWith("E")).filter(line -> line.contains("virtualsecrets.dev")).toList();
        // The API group, not the namespace: the disruption controller logs a benign 409 on the PDB as an error.
        assertEquals(List.of(), errors, "kube-controller-manager's errors about virtualsecrets.dev since the stack was up");
        cluster.bao("kv", "metadata", "delete", "-mount=secret", "kubernetes/" + namespace + "/keep-me");
    }

    @Test
    @Order(8)
    void anImageNeverImportedIsNotLookedForOutsideTheMachine() throws Exception {
        String pod = "never-imported-" + UUID.randomUUID().toString().substring(0, 8);
        Kubectl.Result created = kubectl.run("run", pod, "-n", "demo", "--restart=Never",
                "--image=virtualsecrets.dev/never-imported:0", "--overrides={\"spec\":{\"automountServiceAccountToken\":false}}");
        assertEquals(0, created.exitCode(), created.stderr());
        try {
            String failed = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && failed.isEmpty()) {
                failed = kubectl.run("get", "events", "-n", "demo", "--field-selector",
                        "involvedObject.name=" + pod + ",reason=Failed", "-o", "jsonpath={.items[0].message}").stdout();
                Thread.sleep(500);
            }
            // Every registry host is a closed loopback port (hack/lib/node.sh): no DNS query, no connection out.
            assertTrue(failed.contains("127.0.0.1:9") && failed.contains("connection refused"), failed);
        } finally {
            kubectl.run("delete", "pod", pod, "-n", "demo", "--wait=false");
        }
    }

    @Test
    @Order(9)
    void noPacketWentToAnAddressOutsideTheStack() {
        Map<String, Long> dropped = MachineState.guardCounters();
        assertEquals(2, dropped.size(), "VSEC-GUARD has its two rules: " + dropped);
        dropped.forEach((rule, packets) -> assertEquals(0L, packets, "packets dropped by VSEC-GUARD: " + rule));
    }

    @Test
    @Order(10)
    void downLeavesTheMachineAsItWas() {
        cluster.down();
        MachineState after = MachineState.capture();
        assertEquals(before.iptables(), after.iptables(), "iptables rules and chains");
        assertEquals(before.links(), after.links(), "network links");
        assertEquals(before.sysctls(), after.sysctls(), "sysctls");
        assertEquals(List.of(), MachineState.mountsUnder(cluster.state()), "mounts under the stack's directory");
        assertEquals(List.of(), MachineState.processesNaming(cluster.state()), "processes of the stack");
    }

    /** The Deployment's pods that are not being deleted (a rollout's old pods linger for a while). */
    private List<JsonNode> servingPods() throws Exception {
        List<JsonNode> pods = new ArrayList<>();
        json(kubectl.run("get", "pods", "-n", "virtualsecrets", "-l", "app.kubernetes.io/name=virtualsecrets", "-o", "json"))
                .path("items").forEach(pod -> {
                    if (pod.at("/metadata/deletionTimestamp").isMissingNode()) {
                        pods.add(pod);
                    }
                });
        return pods;
    }

    private List<String> podNames() throws Exception {
        return servingPods().stream().map(pod -> pod.at("/metadata/name").asText()).toList();
    }

    /** Until the Deployment has 2 ready replicas and no other pod (none terminating). */
    private void awaitReady(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ready = "2".equals(kubectl.run("get", "deployment", "-n", "virtualsecrets", "virtualsecrets", "-o",
                    "jsonpath={.status.readyReplicas}").stdout());
            if (ready && servingPods().size() == 2 && kubectl.run("get", "pods", "-n", "virtualsecrets", "-o", "name")
                    .stdout().lines().count() == 2) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the Deployment did not have 2 ready replicas and no other pod within " + limit);
    }

    private HttpResponse<String> get(String path) throws Exception {
        if (admin == null) {
            admin = cluster.kubeHttpClient("admin");
        }
        return admin.send(HttpRequest.newBuilder(URI.create(cluster.apiServer() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(Kubectl.Result result) throws Exception {
        assertEquals(0, result.exitCode(), result.stderr());
        return JSON.readTree(result.stdout());
    }

    private static String decoded(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
