package dev.virtualsecrets.server.it;

import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.Canaries;
import dev.virtualsecrets.server.testsupport.VirtualSecretsServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static dev.virtualsecrets.server.testsupport.ApiClient.collection;
import static dev.virtualsecrets.server.testsupport.ApiClient.item;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security is the product: a secret value sent in every way that can fail never appears in an
 * error body, the server's log, the audit log, or the Vault token in either log.
 */
class NoSecretLeakIT {

    private static final String NS = "leak";
    private static final String MARKER = Canaries.register("leak-canary-7f3c9e1d");

    @Test
    void secretValuesAndTokensNeverReachLogsOrErrors() throws IOException {
        VirtualSecretsServer server = VirtualSecretsServer.shared();
        ApiClient api = new ApiClient(server.adminHttpClient(), server.baseUri());
        String encoded = Base64.getEncoder().encodeToString(MARKER.getBytes(StandardCharsets.UTF_8));
        List<HttpResponse<String>> failures = new ArrayList<>();

        assertEquals(201, api.post(collection(NS), body("ok", "\"stringData\":{\"k\":\"" + MARKER + "\"}")).statusCode());
        failures.add(api.post(collection(NS), body("ok", "\"stringData\":{\"k\":\"" + MARKER + "\"}")));          // 409
        failures.add(api.post(collection(NS), body("Bad_Name", "\"stringData\":{\"k\":\"" + MARKER + "\"}")));    // 422
        failures.add(api.post(collection(NS), "{\"metadata\":{\"name\":\"x\"},\"stringData\":{\"k\":\"" + MARKER)); // 400
        failures.add(api.post(collection(NS), body("bad64", "\"data\":{\"k\":\"" + MARKER + "!!\"}")));            // 400
        failures.add(api.post(collection(NS) + "?fieldValidation=Strict",
                body("strict", "\"stringData\":{\"k\":\"" + MARKER + "\"},\"bogus\":\"" + MARKER + "\"")));           // 400
        failures.add(api.post(collection(NS), body("huge", "\"stringData\":{\"k\":\"" + MARKER.repeat(4000) + "\"}"))); // 413
        failures.add(api.put(item(NS, "ok"), "{\"metadata\":{\"name\":\"ok\",\"resourceVersion\":\"1\"},"
                + "\"stringData\":{\"k\":\"" + MARKER + "\"}}"));                                             // 409
        failures.add(api.patch(item(NS, "ok"), "application/json-patch+json",
                "[{\"op\":\"test\",\"path\":\"/data/k\",\"value\":\"" + encoded + "x\"}]"));                       // 422
        failures.add(api.patch(item(NS, "ok"), "application/strategic-merge-patch+json",
                "{\"stringData\":{\"k\":\"" + MARKER + "\"}}"));                                               // 415
        failures.add(api.patch(item(NS, "ok"), "application/merge-patch+json", "{\"stringData\":{\"k\":\"" + MARKER)); // 400

        for (HttpResponse<String> failure : failures) {
            assertTrue(failure.statusCode() >= 400, failure.statusCode() + " " + failure.body());
            assertFalse(failure.body().contains(MARKER), "error body leaks the value: " + failure.body());
            assertFalse(failure.body().contains(encoded), "error body leaks the base64 value: " + failure.body());
        }

        String serverLog = Files.readString(server.serverLog());
        String auditLog = Files.readString(server.auditLog());
        assertFalse(Files.readString(server.vault().log()).contains(server.vault().rootToken()),
                "OpenBao's log holds its root token");
        for (String log : List.of(serverLog, auditLog)) {
            assertFalse(log.contains(MARKER), "a log holds the secret value");
            assertFalse(log.contains(encoded), "a log holds the base64 secret value");
            assertFalse(log.contains(server.vault().rootToken()), "a log holds the Vault token");
        }
        assertTrue(auditLog.contains("\"namespace\":\"leak\""), "the audit log records the requests");
    }

    @Test
    void logsAndAuditLinesAreStructuredJson() throws IOException {
        VirtualSecretsServer server = VirtualSecretsServer.shared();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (var file : List.of(server.serverLog(), server.auditLog())) {
            List<String> lines = Files.readAllLines(file);
            assertFalse(lines.isEmpty(), file + " is empty");
            for (String line : lines) {
                assertTrue(json.readTree(line).isObject(), file + " has a line that is not a JSON object: " + line);
            }
        }
    }

    private static String body(String name, String rest) {
        return "{\"metadata\":{\"name\":\"" + name + "\"}," + rest + "}";
    }
}
