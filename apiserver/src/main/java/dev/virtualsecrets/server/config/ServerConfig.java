package dev.virtualsecrets.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole configuration, read once at start from one YAML file plus environment overrides
 * (see {@link ConfigLoader}). Every key is documented in README.md and in defaults.yaml.
 */
public record ServerConfig(
        Server server,
        Kubernetes kubernetes,
        Authentication authentication,
        Vault vault,
        Sources sources,
        Watch watch,
        Audit audit) {

    /** The HTTPS listener. Without certFile/keyFile a self-signed certificate is made in memory. */
    public record Server(
            String bindAddress,
            int port,
            Path certFile,
            Path keyFile,
            List<String> selfSignedHosts,
            long maxRequestBytes,
            Duration shutdownGracePeriod) {
    }

    /** How the server reaches kube-apiserver: a kubeconfig, or (unset) the pod's service account. */
    public record Kubernetes(Path kubeconfig) {
    }

    /**
     * Who may call: client certificates and the front-proxy (request header) authenticator, with
     * CAs and header names from the files below or, with {@code fromConfigMap}, from
     * {@code kube-system/extension-apiserver-authentication}.
     */
    public record Authentication(boolean fromConfigMap, Path clientCAFile, RequestHeader requestHeader) {
    }

    /** kube-apiserver's front proxy: trusted only with a client cert from clientCAFile. */
    public record RequestHeader(
            Path clientCAFile,
            List<String> allowedNames,
            List<String> usernameHeaders,
            List<String> groupHeaders,
            List<String> extraHeaderPrefixes) {
    }

    /** How the server reaches Vault. */
    public record Vault(
            String address,
            String token,
            Path tokenFile,
            Path caCertFile,
            Duration connectTimeout,
            Duration requestTimeout) {

        /** Never prints the token. */
        @Override
        public String toString() {
            return "Vault[address=" + address + ", token=" + (token == null || token.isEmpty() ? "<unset>" : "<redacted>")
                    + ", tokenFile=" + tokenFile + ", caCertFile=" + caCertFile
                    + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + "]";
        }
    }

    /** Where VirtualSecrets live in Vault. */
    public record Sources(Kv kv) {
    }

    /** The KV v2 catch-all: every VirtualSecret name maps to mount + pathTemplate. */
    public record Kv(String mount, String pathTemplate) {
    }

    /** Watch streams and the in-memory event history they resume from. */
    public record Watch(int historySize, int queueSize, Duration bookmarkInterval, Duration maxTimeout) {
    }

    /** One JSON line per request, on standard output. */
    public record Audit(boolean enabled) {
    }
}
