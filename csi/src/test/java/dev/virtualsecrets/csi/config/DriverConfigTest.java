package dev.virtualsecrets.csi.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriverConfigTest {

    @Test
    void inAPodTheEnvironmentSaysTheNodeAndKubeApiserver() {
        DriverConfig config = DriverConfig.parse(List.of("--registration-socket=/registration/csi.virtualsecrets.dev-reg.sock"),
                Map.of("NODE_NAME", "node-1", "KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"));

        assertEquals("csi.virtualsecrets.dev", config.driverName());
        assertEquals("node-1", config.nodeId());
        assertEquals(URI.create("https://10.96.0.1:443"), config.kubeApiServer());
        assertEquals(Path.of("/var/lib/kubelet/plugins/csi.virtualsecrets.dev/csi.sock"), config.endpoint());
        assertEquals(Path.of("/registration/csi.virtualsecrets.dev-reg.sock"), config.registrationSocket());
        assertEquals("", config.tokenAudience());
        assertTrue(config.mountTmpfs());
    }

    @Test
    void flagsWinAndMistakesAreNamed() {
        DriverConfig config = DriverConfig.parse(List.of("--node-id=n2", "--kube-apiserver=https://127.0.0.1:6443"),
                Map.of("NODE_NAME", "node-1"));
        assertEquals("n2", config.nodeId());
        assertNull(config.registrationSocket());

        assertTrue(assertThrows(IllegalArgumentException.class, () -> DriverConfig.parse(List.of(), Map.of()))
                .getMessage().contains("--node-id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DriverConfig.parse(List.of("--nodeid=x"),
                Map.of())).getMessage().contains("unknown flag --nodeid"));
        assertThrows(IllegalArgumentException.class, () -> DriverConfig.parse(List.of("node-id"), Map.of()));
    }
}
