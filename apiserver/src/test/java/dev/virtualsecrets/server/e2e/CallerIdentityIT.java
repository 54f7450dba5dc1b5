package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.Canaries;
import dev.virtualsecrets.server.testsupport.DevCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.virtualsecrets.server.testsupport.ApiClient.collection;
import static dev.virtualsecrets.server.testsupport.ApiClient.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request as its caller, through kube-apiserver's aggregator against the local stack's
 * OpenBao (hack/dev-cluster sets up the Vault side): Kubernetes RBAC (kube-apiserver before it
 * proxies, the server again by SubjectAccessReview) and the caller's own Vault policy must both
 * allow, and Vault's audit log names the caller.
 *
 * <p>Callers: admin (system:masters), alice (group dev: edit on VirtualSecrets in demo and other;
 * Vault policy for demo only), bob (group viewers: read in demo), carol (nothing) and the
 * ServiceAccount demo/app (get on demo/app-credentials only; Vault role demo-app).
 */
class CallerIdentityIT {

    private static final List<String> CALLERS = List.of("admin", "alice", "bob", "carol", "app");
    private static final List<String> NAMESPACES = List.of("demo", "other");
    private static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "delete");
    private static final Pattern VAULT_TOKEN = Pattern.compile("(?<![A-Za-z0-9])s\\.[A-Za-z0-9]{24}(?![A-Za-z0-9])");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DevCluster cluster;
    private static String marker;
    private static String appToken;

    @BeforeAll
    static void objectsToUpdateAndDelete() {
        cluster = DevCluster.shared();
        marker = Canaries.create("caller");
        appToken = cluster.serviceAccountToken("demo", "app");
        ApiClient admin = as("admin");
        for (String namespace : NAMESPACES) {
            for (String caller : CALLERS) {
                for (String name : List.of("matrix-update-" + caller, "matrix-delete-" + caller)) {
                    admin.delete(item(namespace, name));
                    HttpResponse<String> created = admin.post(collection(namespace), object(namespace, name, marker));
                    assertEquals(201, created.statusCode(), created.body());
                }
                admin.delete(item(namespace, "matrix-create-" + caller));
            }
        }
    }

    @Test
    void kubernetesRbacAndVaultPolicyBothDecide() throws IOException {
        Map<String, String> expected = expectedMatrix();
        Map<String, String> observed = new LinkedHashMap<>();
        List<String> errorBodies = new ArrayList<>();
        for (String caller : CALLERS) {
            for (String namespace : NAMESPACES) {
                for (String verb : VERBS) {
                    HttpResponse<String> response = perform(caller, namespace, verb);
                    observed.put(caller + " " + namespace + " " + verb, outcome(response));
                    if (response.statusCode() >= 400) {
                        errorBodies.add(response.body());
                    }
                }
            }
        }
        String table = table(expected, observed);
        Files.writeString(Path.of("target", "caller-identity-matrix.md"), table);
        assertEquals(expected, observed, table);

        List<JsonNode> audit = auditLines();
        assertTrue(audit.stream().anyMatch(line -> line.path("user").asText().equals("alice")
                && "other".equals(line.path("namespace").asText()) && line.path("code").asInt() == 403
                && line.path("decidedBy").asText().equals("vault-policy")), "the audit log says Vault refused alice");
        // kube-apiserver authorizes a request before its aggregator proxies it: RBAC denials through
        // the aggregator never reach the server (its own SubjectAccessReview is tested straight, in it/).
        assertFalse(audit.stream().anyMatch(line -> line.path("user").asText().equals("carol")),
                "carol, whom RBAC refuses everything, reached the server");
        assertTrue(audit.stream().anyMatch(line -> line.path("user").asText().equals("system:serviceaccount:demo:app")
                && line.path("code").asInt() == 200 && line.path("vaultRequestIds").size() > 0),
                "the audit log names the Vault requests made for the ServiceAccount");
        for (String body : errorBodies) {
            assertFalse(body.contains(marker), "an error body holds a secret value");
            assertFalse(VAULT_TOKEN.matcher(body).find() || JWT.matcher(body).find(), "an error body holds a token");
            assertFalse(body.contains(appToken), "an error body holds the ServiceAccount token");
        }
    }

    @Test
    void vaultsAuditLogNamesTheKubernetesCaller() throws IOException {
        assertEquals(200, as("alice").get(item("demo", "app-credentials")).statusCode());
        assertEquals(200, as("app").get(item("demo", "app-credentials")).statusCode());

        List<JsonNode> reads = vaultAuditEntries("secret/data/kubernetes/demo/app-credentials");
        assertTrue(reads.stream().anyMatch(entry -> "alice".equals(entry.at("/auth/metadata/kubernetes_user").asText())
                        && entry.at("/auth/display_name").asText().contains("alice")),
                "Vault's audit log attributes a read to alice");
        assertTrue(reads.stream().anyMatch(entry -> "app".equals(entry.at("/auth/metadata/service_account_name").asText())
                        && "demo".equals(entry.at("/auth/metadata/service_account_namespace").asText())),
                "Vault's audit log attributes a read to the ServiceAccount demo/app");
        assertFalse(reads.stream().anyMatch(entry -> entry.at("/auth/policies").toString().contains("virtualsecrets-server")),
                "no read of a secret ran under the server's own token");
    }

    @Test
    void aWatcherOnlyReceivesWhatItsOwnVaultIdentityMayRead() throws Exception {
        // alice may list and watch in other (RBAC), but her Vault policy covers demo only: a watch from
        // "now" opens (no initial list) and must not deliver an object created in other.
        ApiClient alice = as("alice");
        String now = JSON.readTree(as("admin").get(collection("other")).body()).at("/metadata/resourceVersion").asText();
        var watch = alice.sendAsync(alice.request(collection("other") + "?watch=true&timeoutSeconds=4&resourceVersion=" + now)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1_000);
        String name = "watched-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, as("admin").post(collection("other"), object("other", name, marker)).statusCode());

        HttpResponse<String> events = watch.get();
        assertEquals(200, events.statusCode());
        assertFalse(events.body().contains(name), "alice's watch delivered an object her Vault policy may not read");
        assertFalse(events.body().contains(marker));
        as("admin").delete(item("other", name));
    }

    @Test
    void callersTokensAreCachedAndLoginsCounted() {
        DevCluster.shared().assumeServerProcess("its metrics, straight from the process");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, as("alice").get(item("demo", "app-credentials")).statusCode());
            assertEquals(200, as("app").get(item("demo", "app-credentials")).statusCode());
        }
        ApiClient admin = new ApiClient(cluster.serverHttpClient(cluster.pki("admin.crt"), cluster.pki("admin.key")),
                cluster.server());
        String metrics = admin.get("/metrics").body();
        assertTrue(Pattern.compile("virtualsecrets_vault_logins_total\\{kind=\"serviceaccount\"} [1-9]").matcher(metrics).find(),
                metrics);
        assertTrue(Pattern.compile("virtualsecrets_vault_logins_total\\{kind=\"user\"} [1-9]").matcher(metrics).find(),
                metrics);
        assertTrue(Pattern.compile("cache_gets_total\\{cache=\"vault_tokens\",result=\"hit\"} [1-9]").matcher(metrics).find(),
                metrics);
    }

    /** The contract, as "code who" ("403 rbac": Kubernetes denied; "403 vault": Vault denied). */
    private static Map<String, String> expectedMatrix() {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String caller : CALLERS) {
            for (String namespace : NAMESPACES) {
                for (String verb : VERBS) {
                    expected.put(caller + " " + namespace + " " + verb, expected(caller, namespace, verb));
                }
            }
        }
        return expected;
    }

    private static String expected(String caller, String namespace, String verb) {
        String allowed = verb.equals("create") ? "201" : "200";
        return switch (caller) {
            case "admin" -> allowed;
            case "alice" -> namespace.equals("demo") ? allowed : "403 vault";
            case "bob" -> namespace.equals("demo") && List.of("get", "list", "watch").contains(verb) ? allowed : "403 rbac";
            case "app" -> namespace.equals("demo") && verb.equals("get") ? allowed : "403 rbac";
            default -> "403 rbac";
        };
    }

    private static HttpResponse<String> perform(String caller, String namespace, String verb) {
        ApiClient client = as(caller);
        String readable = namespace.equals("demo") ? "app-credentials" : "config";
        return switch (verb) {
            case "get" -> client.get(item(namespace, readable));
            case "list" -> client.get(collection(namespace));
            case "watch" -> client.get(collection(namespace) + "?watch=true&timeoutSeconds=1");
            case "create" -> client.post(collection(namespace), object(namespace, "matrix-create-" + caller, marker));
            case "update" -> client.put(item(namespace, "matrix-update-" + caller),
                    object(namespace, "matrix-update-" + caller, marker + "-updated"));
            case "delete" -> client.delete(item(namespace, "matrix-delete-" + caller));
            default -> throw new IllegalArgumentException(verb);
        };
    }

    private static String outcome(HttpResponse<String> response) {
        if (response.statusCode() != 403) {
            return Integer.toString(response.statusCode());
        }
        String message = ApiClient.json(response).path("message").asText();
        return message.contains("Vault") ? "403 vault" : "403 rbac";
    }

    private static ApiClient as(String caller) {
        if (caller.equals("app")) {
            return new ApiClient(cluster.kubeHttpClient(null), cluster.apiServer()).withBearerToken(appToken);
        }
        return new ApiClient(cluster.kubeHttpClient(caller), cluster.apiServer());
    }

    private static String object(String namespace, String name, String value) {
        return """
                {"apiVersion":"virtualsecrets.dev/v1alpha1","kind":"VirtualSecret",
                 "metadata":{"name":"%s","namespace":"%s"},"stringData":{"token":"%s"}}
                """.formatted(name, namespace, value);
    }

    private static List<JsonNode> vaultAuditEntries(String path) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(cluster.env("VAULT_AUDIT_LOG")), StandardCharsets.UTF_8)) {
            JsonNode entry = JSON.readTree(line);
            if ("response".equals(entry.path("type").asText()) && path.equals(entry.at("/request/path").asText())) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static List<JsonNode> auditLines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : cluster.serverAuditLines()) {
            if (line.startsWith("{\"audit\"")) {
                lines.add(JSON.readTree(line).get("audit"));
            }
        }
        return lines;
    }

    private static String table(Map<String, String> expected, Map<String, String> observed) {
        StringBuilder table = new StringBuilder("| caller | namespace | verb | expected | observed |\n|---|---|---|---|---|\n");
        expected.forEach((key, value) -> {
            String[] parts = key.split(" ");
            String seen = observed.get(key);
            table.append("| ").append(parts[0]).append(" | ").append(parts[1]).append(" | ").append(parts[2])
                    .append(" | ").append(value).append(" | ").append(seen)
                    .append(value.equals(seen) ? "" : " ✗").append(" |\n");
        });
        return table.toString();
    }
}
