package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.testsupport.Canaries;
import dev.virtualsecrets.server.testsupport.ClientGoInformer;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server-side apply through kube-apiserver as for built-in resources, with kubectl {@code apply
 * --server-side} and client-go's dynamic {@code Apply} (Flux's and Argo CD's way): managedFields are
 * kept (in Vault's custom metadata, never in etcd) and returned, an apply of a field another manager
 * owns is 409 with kube-apiserver's wording for a ConfigMap, {@code force} takes it over, and a field
 * a manager stops applying is removed. Other writes own what they change ({@code Update} entries).
 */
class ServerSideApplyIT {

    private static final String NS = "demo";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DevCluster cluster;
    private static Kubectl kubectl;
    private static String name;
    private static String password;

    @BeforeAll
    static void names() {
        cluster = DevCluster.shared();
        kubectl = cluster.kubectl();
        name = "ssa-" + UUID.randomUUID().toString().substring(0, 8);
        password = Canaries.create("ssa");
    }

    @AfterAll
    static void removeThem() {
        kubectl.run("delete", "vsec", name, "-n", NS, "--ignore-not-found");
        kubectl.run("delete", "configmap", name, "-n", NS, "--ignore-not-found");
    }

    @Test
    void managersOwnWhatTheyApplyAndConflictLikeAConfigMap() throws Exception {
        // team-a applies labels and two keys: it owns them, and the entry is kept in Vault.
        ok(kubectl.runWithInput(virtualSecret("  labels: {app: web}\nstringData:\n  user: admin\n  password: "
                + password + "\n"), "apply", "--server-side", "--field-manager=team-a", "-f", "-"));
        JsonNode object = get();
        assertEquals(List.of("team-a/Apply"), managers(object));
        JsonNode fields = object.at("/metadata/managedFields/0/fieldsV1");
        assertFalse(fields.at("/f:data/f:password").isMissingNode(), fields.toString());
        assertFalse(fields.at("/f:metadata/f:labels/f:app").isMissingNode(), fields.toString());
        String vaultMetadata = cluster.bao("kv", "metadata", "get", "-format=json", "secret/kubernetes/" + NS + "/" + name);
        assertTrue(vaultMetadata.contains("managed-fields/0"), "managedFields are kept in KV custom metadata");
        assertFalse(vaultMetadata.contains(password), "custom metadata holds field names, never values");
        String etcdKeys = new String(cluster.etcdctl("get", "", "--prefix", "--keys-only"), StandardCharsets.UTF_8);
        assertFalse(etcdKeys.contains(name), "nothing of the object is in etcd");

        // The same conflict for a ConfigMap, as kube-apiserver words it.
        ok(kubectl.runWithInput(configMap("app: web"), "apply", "--server-side", "--field-manager=team-a", "-f", "-"));
        JsonNode configMapConflict = ClientGoInformer.applyConfigMap(cluster.root(), cluster.kubeconfig(), NS, "flux",
                configMap("app: api"));
        assertEquals(409, configMapConflict.path("code").asInt(), configMapConflict.toString());

        // flux (client-go's Apply) changes team-a's label: 409 naming team-a and the field.
        JsonNode conflict = apply("flux", false, virtualSecret("  labels: {app: api}\n"));
        assertEquals(409, conflict.path("code").asInt(), conflict.toString());
        assertEquals("Conflict", conflict.path("reason").asText());
        assertEquals(configMapConflict.path("message").asText(), conflict.path("message").asText());
        // kubectl says the same.
        Kubectl.Result refused = kubectl.runWithInput(virtualSecret("  labels: {app: api}\n"),
                "apply", "--server-side", "--field-manager=flux", "-f", "-");
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("conflict with \"team-a\": .metadata.labels.app"), refused.stderr());
        assertEquals("web", get().at("/metadata/labels/app").asText(), "nothing was written");

        // With force flux takes the label over; both managers are listed.
        JsonNode forced = apply("flux", true, virtualSecret("  labels: {app: api}\n"));
        assertEquals(List.of("team-a/Apply", "flux/Apply"), asList(forced.path("managers")), forced.toString());
        assertEquals("api", get().at("/metadata/labels/app").asText());

        // team-a stops applying `user`: it is removed; `password` and flux's label stay.
        ok(kubectl.runWithInput(virtualSecret("stringData:\n  password: " + password + "\n"),
                "apply", "--server-side", "--field-manager=team-a", "-f", "-"));
        object = get();
        assertTrue(object.at("/data/user").isMissingNode(), object.toString());
        assertFalse(object.at("/data/password").isMissingNode());
        assertEquals("api", object.at("/metadata/labels/app").asText());

        // A merge patch owns what it sets (an Update entry), and an apply of it conflicts with that entry.
        ok(kubectl.run("patch", "vsec", name, "-n", NS, "--type=merge", "-p", "{\"metadata\":{\"labels\":{\"tier\":\"db\"}}}"));
        object = get();
        assertTrue(managers(object).contains("kubectl-patch/Update"), managers(object).toString());
        JsonNode againstPatch = apply("team-a", false, virtualSecret("  labels: {tier: cache}\nstringData:\n  password: "
                + password + "\n"));
        assertEquals(409, againstPatch.path("code").asInt(), againstPatch.toString());
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl-patch\" using virtualsecrets.dev/v1alpha1: "
                + ".metadata.labels.tier", againstPatch.path("message").asText());

        // Re-applying what is there changes nothing: same resourceVersion, same managedFields.
        String before = get().at("/metadata/resourceVersion").asText();
        JsonNode same = apply("flux", false, virtualSecret("  labels: {app: api}\n"));
        assertEquals(before, same.path("resourceVersion").asText(), same.toString());
    }

    private static JsonNode apply(String manager, boolean force, String object) {
        return ClientGoInformer.apply(cluster.root(), cluster.kubeconfig(), NS, manager, force, object);
    }

    private static JsonNode get() throws Exception {
        return JSON.readTree(ok(kubectl.run("get", "vsec", name, "-n", NS, "-o", "json", "--show-managed-fields")).stdout());
    }

    private static List<String> managers(JsonNode object) {
        List<String> managers = new ArrayList<>();
        object.at("/metadata/managedFields").forEach(entry ->
                managers.add(entry.path("manager").asText() + "/" + entry.path("operation").asText()));
        return managers;
    }

    private static List<String> asList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String virtualSecret(String body) {
        return "apiVersion: virtualsecrets.dev/v1alpha1\nkind: VirtualSecret\nmetadata:\n  name: " + name
                + "\n  namespace: " + NS + "\n" + body;
    }

    private static String configMap(String label) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + NS
                + "\n  labels: {" + label + "}\n";
    }

    private static Kubectl.Result ok(Kubectl.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }
}
