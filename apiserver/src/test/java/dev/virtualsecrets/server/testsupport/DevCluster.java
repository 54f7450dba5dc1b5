package dev.virtualsecrets.server.testsupport;

import dev.virtualsecrets.certs.KeyStores;
import dev.virtualsecrets.certs.Pem;
import dev.virtualsecrets.testenv.EnvFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real local cluster for end-to-end tests: etcd, kube-apiserver with the aggregation layer,
 * OpenBao and the server behind an APIService, brought up by {@code hack/dev-cluster up} itself
 * (one implementation for people and tests) in its own state directory and on its own ports,
 * once per test JVM, and taken down with {@code hack/dev-cluster down} at exit.
 */
public final class DevCluster {

    /**
     * Ports 2xxxx, moved by the system property {@code virtualsecrets.devCluster.portOffset} (e.g.
     * 10000 for 3xxxx) so that two checkouts can run their suites on one machine side by side.
     */
    private static final int PORT_OFFSET = Integer.getInteger("virtualsecrets.devCluster.portOffset", 0);

    /** The node stack's ports are the shared stack's moved by this much, so both may run at once. */
    private static final int NODE_STACK_PORT_SHIFT = 100;

    private static DevCluster shared;
    private static DevCluster node;

    private final Path root;
    private final Path state;
    private final EnvFile env;

    private final Map<String, String> environment;

    private DevCluster(Path root, Path state, Map<String, String> environment) {
        this.root = root;
        this.state = state;
        this.environment = environment;
        run(Duration.UP, "up");
        this.env = EnvFile.read(state.resolve("env"));
    }

    /** The cluster, if a test of this run has started it. */
    private static Map<String, String> ports(int offset) {
        Map<String, Integer> base = Map.of(
                "DEV_CLUSTER_ETCD_PORT", 22379,
                "DEV_CLUSTER_ETCD_PEER_PORT", 22380,
                "DEV_CLUSTER_APISERVER_PORT", 26443,
                "DEV_CLUSTER_CONTROLLER_MANAGER_PORT", 20257,
                "DEV_CLUSTER_SCHEDULER_PORT", 20259,
                "DEV_CLUSTER_VAULT_PORT", 28200,
                "DEV_CLUSTER_SERVER_PORT", 28443,
                "DEV_CLUSTER_POSTGRES_PORT", 25432);
        Map<String, String> ports = new java.util.TreeMap<>();
        base.forEach((name, port) -> ports.put(name, Integer.toString(port + offset)));
        return Map.copyOf(ports);
    }

    public static synchronized java.util.Optional<DevCluster> startedInThisRun() {
        return java.util.Optional.ofNullable(shared);
    }

    public static synchronized DevCluster shared() {
        if (shared == null && Boolean.getBoolean("virtualsecrets.devCluster.node")) {
            shared = node(); // the e2e suite against the pods instead of the process
        }
        if (shared == null) {
            Path root = RepositoryRoot.find();
            shared = new DevCluster(root, root.resolve("apiserver/target/dev-cluster"), ports(PORT_OFFSET));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.run(Duration.DOWN, "down"), "dev-cluster-down"));
        }
        return shared;
    }

    /**
     * A second stack with a node ({@code hack/dev-cluster up --node}): containerd, kubelet,
     * kube-proxy and the server as the Deployment's pods, in its own state directory and on the
     * shared stack's ports plus 100 (the kubelet's and kube-proxy's too). The bridge and pod
     * subnet are fixed, so one node stack runs per machine. Needs root and the Docker engine.
     */
    public static synchronized DevCluster node() {
        if (node == null) {
            Path root = RepositoryRoot.find();
            Map<String, String> environment = new java.util.TreeMap<>(ports(PORT_OFFSET + NODE_STACK_PORT_SHIFT));
            Map.of("DEV_CLUSTER_KUBELET_PORT", 10250, "DEV_CLUSTER_KUBELET_HEALTHZ_PORT", 10248,
                            "DEV_CLUSTER_PROXY_HEALTHZ_PORT", 10256, "DEV_CLUSTER_PROXY_METRICS_PORT", 10249)
                    .forEach((name, port) -> environment.put(name, Integer.toString(port + 10000 + PORT_OFFSET)));
            environment.put("DEV_CLUSTER_NODE", "true");
            String replicas = System.getProperty("virtualsecrets.devCluster.replicas");
            if (replicas != null && !replicas.isBlank()) {
                environment.put("DEV_CLUSTER_REPLICAS", replicas);
            }
            node = new DevCluster(root, root.resolve("apiserver/target/dev-cluster-node"), Map.copyOf(environment));
            Runtime.getRuntime().addShutdownHook(new Thread(node::down, "dev-cluster-node-down"));
        }
        return node;
    }

    /**
     * Whether this stack serves the APIService from the Deployment's pods ({@code up --node}) rather
     * than from a server process on the host: then {@link #server()}, {@link #restartServer()} and
     * the server's log files do not exist. {@code -Dvirtualsecrets.devCluster.node=true} makes
     * {@link #shared()} such a stack, to run the e2e suite against the pods.
     */
    public boolean nodeMode() {
        return "true".equals(environment.get("DEV_CLUSTER_NODE"));
    }

    /**
     * The server's audit lines: its audit log file, or with {@link #nodeMode()} the pods' logs (the
     * pods write their audit lines to stdout), one pod after the other.
     */
    public List<String> serverAuditLines() {
        try {
            if (!nodeMode()) {
                return Files.readAllLines(state.resolve("server-audit.log"), StandardCharsets.UTF_8);
            }
            List<String> lines = new java.util.ArrayList<>();
            for (String pod : kubectl().run("get", "pods", "-n", "virtualsecrets", "-l", "app.kubernetes.io/name=virtualsecrets",
                    "-o", "jsonpath={.items[*].metadata.name}").stdout().split(" ")) {
                if (!pod.isBlank()) {
                    // Into a file: a pod that served the whole suite logs more than a pipe holds.
                    Path file = Files.createTempFile(state, "pod-log-", ".txt");
                    try {
                        Process logs = kubectl().background(file, "logs", "-n", "virtualsecrets", pod);
                        if (!logs.waitFor(120, TimeUnit.SECONDS) || logs.exitValue() != 0) {
                            logs.destroyForcibly();
                            throw new IllegalStateException("kubectl logs " + pod + " failed or took longer than 120 s");
                        }
                        try (var read = Files.lines(file, StandardCharsets.UTF_8)) {
                            read.filter(line -> line.startsWith("{\"audit\"")).forEach(lines::add);
                        }
                    } finally {
                        Files.deleteIfExists(file);
                        Files.deleteIfExists(Path.of(file + ".err"));
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Skips the calling test when {@link #nodeMode()}: it needs the server process on the host. */
    public void assumeServerProcess(String why) {
        org.junit.jupiter.api.Assumptions.assumeFalse(nodeMode(), "needs the server as a host process: " + why);
    }

    /** {@code hack/dev-cluster down}: stops the stack and, with a node, undoes what it changed on the machine. */
    public void down() {
        run(Duration.DOWN, "down");
    }

    public Path root() {
        return root;
    }

    public Path state() {
        return state;
    }

    /** kubectl as {@code admin} (system:masters) through kube-apiserver. */
    public Kubectl kubectl() {
        return new Kubectl(state.resolve("kubeconfig"), state.resolve("kubectl-cache"));
    }

    public Path kubeconfig() {
        return state.resolve("kubeconfig");
    }

    /** A value of {@code .dev-cluster/env}, e.g. {@code ETCDCTL_ENDPOINTS}. */
    public String env(String name) {
        return env.get(name);
    }

    public String vaultToken() {
        try {
            return Files.readString(state.resolve("vault-token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's own (least-privilege) Vault token, written by hack/dev-cluster. */
    public String serverVaultToken() {
        try {
            return Files.readString(state.resolve("server-vault-token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The password of PostgreSQL's superuser {@code vault} (OpenBao's database connection), for
     * psql as that user: PGHOST, PGPORT and PGDATABASE are in {@link #env}.
     */
    public String postgresPassword() {
        try {
            return Files.readString(state.resolve("postgres-password")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Log files of every component (OpenBao's audit log included), for leak scans. */
    public List<Path> logs() {
        return List.of(state.resolve("server.log"), state.resolve("server-audit.log"),
                state.resolve("kube-apiserver.log"), state.resolve("kube-controller-manager.log"),
                state.resolve("etcd.log"), state.resolve("openbao.log"),
                state.resolve("vault-audit.log"), state.resolve("postgres.log"));
    }

    /** Kills the VirtualSecrets process (as a crash would) and starts it again with {@code up}. */
    public void restartServer() {
        try {
            long pid = Long.parseLong(Files.readString(state.resolve("server.pid")).trim());
            ProcessHandle.of(pid).ifPresent(process -> {
                process.destroyForcibly();
                process.onExit().join();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(Duration.UP, "up");
    }

    /** kube-apiserver's address. */
    public URI apiServer() {
        return URI.create("https://127.0.0.1:" + environment.get("DEV_CLUSTER_APISERVER_PORT"));
    }

    /** The VirtualSecrets server's own address, bypassing kube-apiserver. */
    public URI server() {
        return URI.create("https://127.0.0.1:" + environment.get("DEV_CLUSTER_SERVER_PORT"));
    }

    /** A file of the cluster's PKI, e.g. {@code alice.crt} or {@code front-proxy-ca/ca.crt}. */
    public Path pki(String file) {
        return state.resolve("pki").resolve(file);
    }

    /** A client of kube-apiserver with {@code pki/<user>.crt} as its certificate (null = none). */
    public HttpClient kubeHttpClient(String user) {
        return httpClient(user == null ? null : pki(user + ".crt"), user == null ? null : pki(user + ".key"),
                pki("cluster-ca/ca.crt"));
    }

    /** A client of the VirtualSecrets server itself with the given certificate and key (null = none). */
    public HttpClient serverHttpClient(Path certificate, Path key) {
        return httpClient(certificate, key, pki("virtualsecrets-ca/ca.crt"));
    }

    /** A token for a ServiceAccount ({@code kubectl create token}), for bearer-token requests. */
    public String serviceAccountToken(String namespace, String name) {
        Kubectl.Result result = kubectl().run("create", "token", name, "-n", namespace, "--duration", "10m");
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl create token failed: " + result.stderr());
        }
        return result.stdout().trim();
    }

    private static HttpClient httpClient(Path certificate, Path key, Path trustedCa) {
        return HttpClient.newBuilder().sslContext(sslContext(certificate, key, trustedCa))
                .connectTimeout(java.time.Duration.ofSeconds(5)).build();
    }

    /** TLS for raw sockets to kube-apiserver as {@code pki/<user>.crt}. */
    public SSLContext kubeSslContext(String user) {
        return sslContext(pki(user + ".crt"), pki(user + ".key"), pki("cluster-ca/ca.crt"));
    }

    /** TLS for raw sockets to the VirtualSecrets server with the given certificate and key. */
    public SSLContext serverSslContext(Path certificate, Path key) {
        return sslContext(certificate, key, pki("virtualsecrets-ca/ca.crt"));
    }

    private static SSLContext sslContext(Path certificate, Path key, Path trustedCa) {
        try {
            KeyManager[] keyManagers = null;
            if (certificate != null) {
                char[] password = "changeit".toCharArray();
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(KeyStores.keyStore(Pem.readPrivateKey(key), Pem.readCertificates(certificate), password),
                        password);
                keyManagers = keys.getKeyManagers();
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(KeyStores.trustStore(Pem.readCertificates(trustedCa)));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS client from " + certificate, e);
        }
    }

    /**
     * Runs the real {@code bao} CLI against the cluster's OpenBao with the root token (from the
     * environment); returns what it printed.
     */
    public String bao(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(OpenBaoDevServer.baoBinary().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("VAULT_ADDR", env("VAULT_ADDR"));
        builder.environment().put("VAULT_TOKEN", vaultToken());
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("bao " + args[0] + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs etcdctl with the cluster's client certificate; returns stdout as bytes. */
    public byte[] etcdctl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(env("VIRTUALSECRETS_ETCDCTL")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        for (String name : List.of("ETCDCTL_ENDPOINTS", "ETCDCTL_CACERT", "ETCDCTL_CERT", "ETCDCTL_KEY")) {
            builder.environment().put(name, env(name));
        }
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("etcdctl " + String.join(" ", args) + " failed");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private enum Duration {
        UP(900), DOWN(180);

        final int seconds;

        Duration(int seconds) {
            this.seconds = seconds;
        }
    }

    private void run(Duration limit, String verb) {
        String output = "apiserver/target/" + state.getFileName() + ".out";
        ProcessBuilder builder = new ProcessBuilder(root.resolve("hack/dev-cluster").toString(), verb)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(output).toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("DEV_CLUSTER_DIR", state.toString());
        try {
            Process process = builder.start();
            if (!process.waitFor(limit.seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("hack/dev-cluster " + verb + " took longer than " + limit.seconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("hack/dev-cluster " + verb + " failed; see " + output + " and "
                        + state + "/*.log");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
