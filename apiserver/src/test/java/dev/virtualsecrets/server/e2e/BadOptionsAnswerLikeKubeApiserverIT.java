package dev.virtualsecrets.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad request options, asked of kube-apiserver twice through the same front door: once for a
 * ConfigMap, answered by kube-apiserver itself, once for a VirtualSecret, answered by this server
 * through the aggregator. Code, reason and message must be the same.
 */
class BadOptionsAnswerLikeKubeApiserverIT {

    private static final String NAMESPACE = "demo";
    private static final String NAME = "api-key";
    private static final String CONFIG_MAPS = "/api/v1/namespaces/" + NAMESPACE + "/configmaps";
    private static final String LABEL_PATCH = "{\"metadata\":{\"labels\":{\"probe\":\"yes\"}}}";
    private static final String MERGE = "application/merge-patch+json";
    private static final String APPLY = "application/apply-patch+yaml";

    private static DevCluster cluster;
    private static Kubectl kubectl;
    private static ApiClient admin;

    @BeforeAll
    static void aConfigMapNamedLikeTheVirtualSecret() {
        cluster = DevCluster.shared();
        kubectl = cluster.kubectl();
        admin = new ApiClient(cluster.kubeHttpClient("admin"), cluster.apiServer());
        kubectl.run("create", "configmap", NAME, "-n", NAMESPACE, "--from-literal=k=v");
    }

    @AfterAll
    static void removeTheConfigMap() {
        kubectl.run("delete", "configmap", NAME, "-n", NAMESPACE, "--ignore-not-found");
    }

    /** method, query, body, content type, whether the request names the object. */
    static Stream<Arguments> badOptions() {
        String tooLong = "m".repeat(129);
        return Stream.of(
                Arguments.of("GET", "?resourceVersion=abc", null, null, false),
                Arguments.of("GET", "?resourceVersionMatch=Bogus&resourceVersion=1", null, null, false),
                Arguments.of("GET", "?resourceVersionMatch=Exact", null, null, false),
                Arguments.of("GET", "?resourceVersionMatch=Exact&resourceVersion=0", null, null, false),
                Arguments.of("GET", "?sendInitialEvents=true", null, null, false),
                Arguments.of("GET", "?limit=abc", null, null, false),
                Arguments.of("GET", "?limit=99999999999999999999", null, null, false),
                Arguments.of("GET", "?timeoutSeconds=abc", null, null, false),
                Arguments.of("GET", "?watch=true&timeoutSeconds=abc", null, null, false),
                Arguments.of("PATCH", "?force=maybe", LABEL_PATCH, MERGE, true),
                Arguments.of("PATCH", "?dryRun=All", "{\"metadata\":{\"name\":\"" + NAME + "\"}}", APPLY, true),
                Arguments.of("PATCH", "?fieldManager=" + tooLong, LABEL_PATCH, MERGE, true),
                Arguments.of("PATCH", "?fieldManager=a%01b", LABEL_PATCH, MERGE, true),
                Arguments.of("PATCH", "?dryRun=Bogus", LABEL_PATCH, MERGE, true),
                Arguments.of("PATCH", "?fieldValidation=Bogus", LABEL_PATCH, MERGE, true),
                Arguments.of("POST", "?fieldManager=" + tooLong, "{\"metadata\":{\"name\":\"probe\"}}",
                        "application/json", false),
                Arguments.of("PUT", "?fieldManager=a%01b", "{\"metadata\":{\"name\":\"" + NAME + "\"}}",
                        "application/json", true),
                Arguments.of("DELETE", "?propagationPolicy=Bogus", null, null, true),
                Arguments.of("DELETE", "?dryRun=Bogus", null, null, true),
                Arguments.of("DELETE", "", "{\"dryRun\":[\"Bogus\"]}", "application/json", true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badOptions")
    void theAnswerIsKubeApiserversOwn(String method, String query, String body, String contentType, boolean item) {
        JsonNode expected = ask(CONFIG_MAPS + (item ? "/" + NAME : "") + query, method, body, contentType);
        JsonNode actual = ask((item ? ApiClient.item(NAMESPACE, NAME) : ApiClient.collection(NAMESPACE)) + query,
                method, body, contentType);

        assertEquals(expected.path("code").asInt(), actual.path("code").asInt(), actual.toString());
        assertEquals(expected.path("reason").asText(), actual.path("reason").asText(), actual.toString());
        assertEquals(expected.path("message").asText(), actual.path("message").asText());
    }

    @Test
    void staleDeletePreconditionsAreConflictsInTheSameWords() {
        for (String precondition : new String[]{"{\"uid\":\"not-the-uid\"}", "{\"resourceVersion\":\"1\"}"}) {
            String body = "{\"preconditions\":" + precondition + "}";
            JsonNode expected = ask(CONFIG_MAPS + "/" + NAME, "DELETE", body, "application/json");
            JsonNode actual = ask(ApiClient.item(NAMESPACE, NAME), "DELETE", body, "application/json");

            assertEquals(409, actual.path("code").asInt(), actual.toString());
            assertEquals(expected.path("reason").asText(), actual.path("reason").asText());
            assertEquals(withoutValuesInParentheses(expected.path("message").asText())
                            .replace("ConfigMap", "VirtualSecret.virtualsecrets.dev"),
                    withoutValuesInParentheses(actual.path("message").asText()));
        }
    }

    @Test
    void aResourceVersionThatIsNoNumberIsABadRequestForAGetAndAWatchToo() {
        // kube-apiserver answers these with a 500 for a ConfigMap; its list answer is the better one.
        for (String path : new String[]{ApiClient.item(NAMESPACE, NAME) + "?resourceVersion=abc",
                ApiClient.collection(NAMESPACE) + "?watch=true&resourceVersion=abc"}) {
            JsonNode actual = ask(path, "GET", null, null);
            assertEquals(400, actual.path("code").asInt(), actual.toString());
            assertEquals("invalid resource version: resourceVersion: Invalid value: \"abc\": strconv.ParseUint: "
                    + "parsing \"abc\": invalid syntax", actual.path("message").asText());
        }
    }

    private static String withoutValuesInParentheses(String message) {
        return message.replaceAll("\\([^)]*\\)", "()");
    }

    private static JsonNode ask(String path, String method, String body, String contentType) {
        HttpRequest.Builder request = contentType == null ? admin.request(path)
                : admin.request(path, "Content-Type", contentType);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = admin.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode status = ApiClient.json(response);
        assertEquals("Status", status.path("kind").asText(), method + " " + path + ": " + response.body());
        return status;
    }
}
