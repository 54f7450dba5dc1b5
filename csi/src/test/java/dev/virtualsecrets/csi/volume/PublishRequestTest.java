package dev.virtualsecrets.csi.volume;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishRequestTest {

    private static final String TARGET = "/var/lib/kubelet/pods/uid/volumes/kubernetes.io~csi/creds/mount";

    private static Map<String, String> context(String secrets) {
        Map<String, String> context = new HashMap<>(Map.of(
                "secrets", secrets,
                "csi.storage.k8s.io/pod.namespace", "demo",
                "csi.storage.k8s.io/pod.name", "app-0",
                "csi.storage.k8s.io/ephemeral", "true",
                "csi.storage.k8s.io/serviceAccount.tokens",
                "{\"\":{\"token\":\"eyJ.pod.token\",\"expirationTimestamp\":\"2026-12-02T19:00:00Z\"}}"));
        return context;
    }

    @Test
    void theKubeletsContextNamesTheSecretsThePodAndItsToken() {
        PublishRequest request = PublishRequest.of("csi-abc", TARGET, context(" db-app, api-key ,db-app"), Map.of(),
                "2000", "");

        assertEquals(List.of("db-app", "api-key"), request.secrets());
        assertEquals("demo", request.namespace());
        assertEquals("eyJ.pod.token", request.token());
        assertEquals(2000, request.group());
        assertEquals(Path.of(TARGET), request.targetPath());
        assertFalse(request.toString().contains("eyJ"), "the token is never printed");
    }

    @Test
    void aTokenInTheSecretsWinsAndNoGroupIsNoGroup() {
        Map<String, String> context = context("db-app");
        context.remove("csi.storage.k8s.io/serviceAccount.tokens");
        PublishRequest request = PublishRequest.of("csi-abc", TARGET, context, Map.of(
                "csi.storage.k8s.io/serviceAccount.tokens", "{\"vault\":{\"token\":\"t2\"}}"), "", "vault");

        assertEquals("t2", request.token());
        assertNull(request.group());
    }

    @Test
    void whatThePodOrTheCsiDriverObjectGotWrongIsSaid() {
        Map<String, String> persistent = context("db-app");
        persistent.put("csi.storage.k8s.io/ephemeral", "false");
        Map<String, String> noPodInfo = context("db-app");
        noPodInfo.remove("csi.storage.k8s.io/pod.namespace");
        Map<String, String> noToken = context("db-app");
        noToken.remove("csi.storage.k8s.io/serviceAccount.tokens");

        assertTrue(message(persistent, "").contains("ephemeral"));
        assertTrue(message(noPodInfo, "").contains("podInfoOnMount"));
        assertTrue(message(noToken, "").contains("tokenRequests"));
        assertTrue(message(context("db-app"), "vault").contains("audience \"vault\""));
        assertTrue(message(context(""), "").contains("at least one"));
        assertTrue(message(context("../etc"), "").contains("not a valid VirtualSecret name"));
        assertTrue(message(context("Upper"), "").contains("not a valid VirtualSecret name"));
        assertThrows(InvalidVolumeException.class, () -> PublishRequest.of("csi-abc", "relative/path",
                context("db-app"), Map.of(), "", ""));
        assertThrows(InvalidVolumeException.class, () -> PublishRequest.of("csi-abc", TARGET, context("db-app"),
                Map.of(), "wheel", ""));
    }

    private static String message(Map<String, String> context, String audience) {
        return assertThrows(InvalidVolumeException.class,
                () -> PublishRequest.of("csi-abc", TARGET, context, Map.of(), "", audience)).getMessage();
    }
}
