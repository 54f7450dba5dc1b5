package dev.virtualsecrets.csi.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the node plugin runs, from {@code --name=value} flags (each also readable from an environment
 * variable, for the DaemonSet): the driver's name, this node's id, the CSI socket, the kubelet
 * registration socket, and the kube-apiserver VirtualSecrets are read through.
 *
 * @param driverName         the CSI driver name (the CSIDriver object's name)
 * @param nodeId             this node (NodeGetInfo); the kubelet requires one
 * @param endpoint           the CSI socket the kubelet calls
 * @param registrationSocket the socket the kubelet's plugin watcher finds; null: no registration
 * @param kubeApiServer      kube-apiserver's address
 * @param kubeCaFile         the CA of kube-apiserver's serving certificate
 * @param tokenAudience      the audience of the pod token the kubelet passes (empty: kube-apiserver's)
 * @param mountTmpfs         whether a tmpfs is mounted at each target (false only for tests without root)
 */
public record DriverConfig(String driverName, String nodeId, Path endpoint, Path registrationSocket,
                           URI kubeApiServer, Path kubeCaFile, String tokenAudience, boolean mountTmpfs) {

    public static final String DEFAULT_DRIVER_NAME = "csi.virtualsecrets.dev";
    private static final List<String> FLAGS = List.of("driver-name", "node-id", "endpoint", "registration-socket",
            "kube-apiserver", "kube-ca-file", "token-audience", "mount-tmpfs");

    /** Flags win over environment variables; unknown flags are an error. */
    public static DriverConfig parse(List<String> args, Map<String, String> env) {
        Map<String, String> flags = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            flags.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        flags.keySet().stream().filter(name -> !FLAGS.contains(name)).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("unknown flag --" + name + " (known: --" + String.join(", --", FLAGS)
                    + ")");
        });
        String nodeId = value(flags, env, "node-id", "NODE_NAME", null);
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("--node-id (or NODE_NAME) is required");
        }
        String registration = value(flags, env, "registration-socket", "CSI_REGISTRATION_SOCKET", "");
        return new DriverConfig(
                value(flags, env, "driver-name", "CSI_DRIVER_NAME", DEFAULT_DRIVER_NAME),
                nodeId,
                Path.of(value(flags, env, "endpoint", "CSI_ENDPOINT",
                        "/var/lib/kubelet/plugins/" + DEFAULT_DRIVER_NAME + "/csi.sock")),
                registration.isEmpty() ? null : Path.of(registration),
                URI.create(value(flags, env, "kube-apiserver", "KUBE_APISERVER", "https://"
                        + env.getOrDefault("KUBERNETES_SERVICE_HOST", "127.0.0.1") + ":"
                        + env.getOrDefault("KUBERNETES_SERVICE_PORT", "443"))),
                Path.of(value(flags, env, "kube-ca-file", "KUBE_CA_FILE",
                        "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt")),
                value(flags, env, "token-audience", "CSI_TOKEN_AUDIENCE", ""),
                Boolean.parseBoolean(value(flags, env, "mount-tmpfs", "CSI_MOUNT_TMPFS", "true")));
    }

    private static String value(Map<String, String> flags, Map<String, String> env, String flag, String variable,
                                String fallback) {
        String value = flags.get(flag);
        if (value == null) {
            value = env.get(variable);
        }
        return value == null ? fallback : value;
    }
}
