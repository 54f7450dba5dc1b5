package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.server.testsupport.Canaries;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.VirtualSecretsServer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs after every other integration test (see junit-platform.properties) and scans every log of
 * the run, the servers', their audit logs, kube-apiserver's, etcd's and OpenBao's (its audit log
 * included), for every secret value the tests sent ({@link Canaries}), plain and base64, for the
 * Vault tokens the stacks were given, and, in the servers' logs, for anything shaped like a Vault
 * service token or a JWT (the ServiceAccount tokens the server requests for callers).
 */
@Order(Integer.MAX_VALUE)
class SuiteLeakScanIT {

    private static final Pattern VAULT_TOKEN = Pattern.compile("(?<![A-Za-z0-9])s\\.[A-Za-z0-9]{24}(?![A-Za-z0-9])");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ");

    @Test
    void noSecretValueOrTokenInAnyLogOfTheRun() throws IOException {
        DevCluster.shared().assumeServerProcess("scans the process's log files (NodeClusterIT scans the pods' logs)");
        List<Path> logs = new ArrayList<>();
        List<Path> serverLogs = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        DevCluster.startedInThisRun().ifPresent(cluster -> {
            logs.addAll(cluster.logs());
            serverLogs.addAll(List.of(cluster.state().resolve("server.log"), cluster.state().resolve("server-audit.log")));
            tokens.addAll(List.of(cluster.vaultToken(), cluster.serverVaultToken()));
        });
        VirtualSecretsServer.startedInThisRun().ifPresent(server -> {
            logs.addAll(List.of(server.serverLog(), server.auditLog(), server.vault().log()));
            serverLogs.addAll(List.of(server.serverLog(), server.auditLog()));
            tokens.add(server.vault().rootToken());
        });
        List<String> canaries = Canaries.all();
        long scanned = 0;
        for (Path log : logs) {
            if (!Files.exists(log)) {
                continue;
            }
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            scanned += text.length();
            for (String canary : canaries) {
                for (String form : Canaries.forms(canary)) {
                    assertFalse(text.contains(form), log + " holds a secret value a test sent");
                }
            }
            for (String token : tokens) {
                assertFalse(text.contains(token), log + " holds a Vault token of the stack");
            }
        }
        assertTrue(scanned > 0 || canaries.isEmpty(), "secret values were sent but no log was found to scan");
        for (Path log : serverLogs) {
            if (!Files.exists(log)) {
                continue;
            }
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            assertFalse(VAULT_TOKEN.matcher(text).find(), log + " holds a Vault token (a caller's?)");
            assertFalse(JWT.matcher(text).find(), log + " holds a ServiceAccount token");
        }
    }
}
