package dev.virtualsecrets.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, read once at start from one YAML file plus environment overrides
 * (see {@link ConfigLoader}). Every key is documented in README.md and in defaults.yaml.
 */
public record ServerConfig(
        Server server,
        Kubernetes kubernetes,
        Authentication authentication,
        Authorization authorization,
        Identity identity,
        Vault vault,
        Sources sources,
        Leases leases,
        Watch watch,
        Controllers controllers,
        Audit audit,
        Replicas replicas) {

    /**
     * Several replicas: each announces itself as a coordination.k8s.io Lease in {@code namespace}
     * and serves the API requests of the identities it owns, forwarding the others' to their owner
     * at {@code address}, authenticated with the ServiceAccount token in {@code tokenFile}.
     */
    public record Replicas(boolean enabled, String namespace, String address, Duration leaseDuration,
                           Duration renewInterval, Path tokenFile) {
    }

    /** The HTTPS listener. Without certFile/keyFile a self-signed certificate is made in memory. */
    public record Server(
            String bindAddress,
            int port,
            Path certFile,
            Path keyFile,
            List<String> selfSignedHosts,
            long maxRequestBytes,
            Duration readHeaderTimeout,
            Duration readBodyTimeout,
            Duration shutdownGracePeriod,
            Duration shutdownDelay) {
    }

    /** How the server reaches kube-apiserver: a kubeconfig, or (unset) the pod's service account. */
    public record Kubernetes(Path kubeconfig) {
    }

    /**
     * Who may call: the front-proxy (request header) authenticator and client certificates, with
     * CAs and header names from the files below or, with {@code fromConfigMap}, from
     * {@code kube-system/extension-apiserver-authentication}; then bearer tokens by TokenReview.
     */
    public record Authentication(boolean fromConfigMap, Path clientCAFile, RequestHeader requestHeader,
                                 TokenReview tokenReview) {
    }

    /** Bearer tokens checked with kube-apiserver's TokenReview; results cached for cacheTTL. */
    public record TokenReview(boolean enabled, List<String> audiences, Duration cacheTTL) {
    }

    /** Delegated authorization by SubjectAccessReview; decisions cached for these periods. */
    public record Authorization(Duration allowCacheTTL, Duration denyCacheTTL) {
    }

    /** Whose identity reaches Vault: each caller's own ({@code caller}) or the server's ({@code server}). */
    public record Identity(String mode, ServiceAccounts serviceAccounts, Users users, TokenCache cache) {

        public static final String CALLER = "caller";
        public static final String SERVER = "server";

        public Identity {
            if (!CALLER.equals(mode) && !SERVER.equals(mode)) {
                throw new ConfigException("identity.mode must be \"caller\" or \"server\", not \"" + mode + "\"");
            }
        }

        public boolean callerMode() {
            return CALLER.equals(mode);
        }
    }

    /**
     * ServiceAccount callers: a TokenRequest for the ServiceAccount (this audience and expiry),
     * then a login to Vault's kubernetes auth method at authMount with the role from roleTemplate
     * ({namespace}, {serviceaccount}).
     */
    public record ServiceAccounts(String authMount, String roleTemplate, String audience, Duration tokenExpiration) {
    }

    /**
     * Other (human) callers: a token from Vault's token role tokenRole with entity_alias = the user
     * name and the policies that groupPolicies maps the user's groups to.
     */
    public record Users(String tokenRole, Duration tokenTTL, Map<String, List<String>> groupPolicies) {
        public Users {
            groupPolicies = groupPolicies == null ? Map.of() : Map.copyOf(groupPolicies);
        }
    }

    /** Callers' Vault tokens, in memory only: at most maxEntries, replaced refreshBefore their expiry. */
    public record TokenCache(int maxEntries, Duration refreshBefore) {
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
            Duration requestTimeout,
            String namespace,
            KubernetesLogin kubernetesLogin,
            AppRole appRole) {

        /** Never prints the token. */
        @Override
        public String toString() {
            return "Vault[address=" + address + ", token=" + (token == null || token.isEmpty() ? "<unset>" : "<redacted>")
                    + ", tokenFile=" + tokenFile + ", caCertFile=" + caCertFile
                    + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                    + ", namespace=" + namespace + ", kubernetesLogin=" + kubernetesLogin + ", appRole=" + appRole + "]";
        }
    }

    /**
     * The server's own login to Vault's kubernetes auth method at {@code mount} with role
     * {@code role}, presenting the ServiceAccount token in {@code tokenFile}; used instead of
     * vault.token and vault.tokenFile when the role is set.
     */
    public record KubernetesLogin(String role, String mount, Path tokenFile) {

        public boolean enabled() {
            return role != null && !role.isBlank();
        }
    }

    /**
     * The server's own login to Vault's AppRole auth method at {@code mount}: {@code roleId} and the
     * secret id in {@code secretIdFile} (read at every login); used instead of vault.token and
     * vault.tokenFile when roleId is set.
     */
    public record AppRole(String roleId, Path secretIdFile, String mount) {

        public boolean enabled() {
            return roleId != null && !roleId.isBlank();
        }
    }

    /** Where VirtualSecrets live in Vault: dynamic sources by name pattern, every other name in KV v2. */
    public record Sources(Kv kv, Database database, Pki pki) {
    }

    /**
     * Names matching namePattern (e.g. {@code db-{suffix}}) are credentials of the database role
     * roleTemplate ({@code {namespace}}, {@code {suffix}}); data adds fixed connection hints.
     */
    public record Database(boolean enabled, String mount, String namePattern, String roleTemplate,
                           Map<String, String> data) {
    }

    /**
     * Names matching namePattern are certificates issued by the PKI role roleTemplate, with the
     * common name and alternative names from their templates; ttl unset = the role's.
     */
    public record Pki(boolean enabled, String mount, String namePattern, String roleTemplate,
                      String commonNameTemplate, List<String> altNameTemplates, Duration ttl) {
    }

    /**
     * Leases of dynamic sources, one per caller and VirtualSecret: renewed renewBefore their expiry,
     * rotated rotateBefore they can no longer be kept (max TTL, certificate notAfter, the caller's
     * Vault token), revoked after idleTimeout without a read or a watch. Lease ids are recorded in
     * the KV v2 mount under records.path/replicaId so that a restarted replica revokes its orphans.
     */
    public record Leases(Duration renewBefore, Duration rotateBefore, Duration idleTimeout, LeaseRecords records,
                         String replicaId) {
    }

    /** Where lease ids (never credentials) are kept: a KV v2 mount and a folder the server owns. */
    public record LeaseRecords(String mount, String path) {
    }

    /** The KV v2 catch-all: every VirtualSecret name maps to mount + pathTemplate. */
    public record Kv(String mount, String pathTemplate) {
    }

    /**
     * Watch streams and the in-memory event history they resume from; KV changes made outside the
     * API are looked for every kvPollInterval (zero: never).
     */
    public record Watch(int historySize, int queueSize, Duration bookmarkInterval, Duration maxTimeout,
                        Duration kvPollInterval) {
    }

    /**
     * Kubernetes' own controllers (namespace controller, garbage collector, quota): their
     * metadata-only requests reach Vault as the server, never as themselves, and never read a value.
     * {@code namespaceDeletion}: what deleting a namespace does to its secrets in Vault.
     */
    public record Controllers(List<String> users, String namespaceDeletion) {

        public static final String RETAIN = "retain";
        public static final String DELETE = "delete";

        public Controllers {
            users = List.copyOf(users);
            if (!RETAIN.equals(namespaceDeletion) && !DELETE.equals(namespaceDeletion)) {
                throw new ConfigException("controllers.namespaceDeletion must be \"retain\" or \"delete\", not \""
                        + namespaceDeletion + "\"");
            }
        }

        public boolean retainOnNamespaceDeletion() {
            return RETAIN.equals(namespaceDeletion);
        }
    }

    /** One JSON line per request, appended to file or (file unset) written to standard output. */
    public record Audit(boolean enabled, Path file) {
    }
}
