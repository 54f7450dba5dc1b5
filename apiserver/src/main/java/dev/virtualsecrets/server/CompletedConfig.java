package dev.virtualsecrets.server;

import dev.virtualsecrets.certs.Pem;
import dev.virtualsecrets.server.config.ConfigException;
import dev.virtualsecrets.server.config.ServerConfig;
import dev.virtualsecrets.server.replicas.Replica;
import dev.virtualsecrets.server.registry.dynamic.DatabaseSource;
import dev.virtualsecrets.server.registry.dynamic.DynamicSource;
import dev.virtualsecrets.server.registry.dynamic.PkiSource;
import dev.virtualsecrets.server.registry.kv.KvV2Source;
import dev.virtualsecrets.server.vault.lease.LeaseRecords;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The configuration validated and completed before anything is wired, as sample-apiserver's
 * Options → Validate → Complete → New: files are read (the Vault token, CA bundles), defaults that
 * depend on the machine are filled in (the replica id), and the sources are built as values, which
 * checks their templates. Every problem is reported at once, in one {@link ConfigException}.
 *
 * @param vaultToken       the server's own Vault token (null with vault.kubernetesLogin); never logged
 * @param clientCas        from {@code authentication.clientCAFile}; empty when unset or taken from the cluster
 * @param requestHeaderCas from {@code authentication.requestHeader.clientCAFile}; likewise
 * @param self             this replica as its peers know it, with {@code replicas.enabled}; else null
 * @param replicasNamespace where the replicas' Leases are, with {@code replicas.enabled}; else null
 */
public record CompletedConfig(ServerConfig config, String vaultToken, KvV2Source kv, List<DynamicSource> dynamicSources,
                              String replicaId, List<X509Certificate> clientCas,
                              List<X509Certificate> requestHeaderCas, Replica self, String replicasNamespace) {

    /** Never prints the token. */
    @Override
    public String toString() {
        return "CompletedConfig[vaultToken=<redacted>, kv=" + kv + ", dynamicSources=" + dynamicSources
                + ", replicaId=" + replicaId + "]";
    }

    public static CompletedConfig complete(ServerConfig config) {
        List<String> problems = new ArrayList<>();
        String token = collect(problems, "vault", () -> vaultToken(config.vault()));
        KvV2Source kv = collect(problems, "sources.kv", () ->
                new KvV2Source(config.sources().kv().mount(), config.sources().kv().pathTemplate()));
        List<DynamicSource> dynamic = new ArrayList<>();
        ServerConfig.Database database = config.sources().database();
        if (database.enabled()) {
            dynamic.add(collect(problems, "sources.database", () -> new DatabaseSource(database.mount(),
                    database.namePattern(), database.roleTemplate(), database.data())));
        }
        ServerConfig.Pki pki = config.sources().pki();
        if (pki.enabled()) {
            dynamic.add(collect(problems, "sources.pki", () -> new PkiSource(pki.mount(), pki.namePattern(),
                    pki.roleTemplate(), pki.commonNameTemplate(), pki.altNameTemplates(), pki.ttl())));
        }
        String replicaId = null;
        ServerConfig.Replicas replicas = config.replicas();
        if (database.enabled() || pki.enabled() || replicas.enabled()) {
            replicaId = collect(problems, "leases.replicaId", () -> LeaseRecords.requireValidReplicaId(
                    config.leases().replicaId() != null && !config.leases().replicaId().isBlank()
                            ? config.leases().replicaId() : hostName()));
        }
        for (var timeout : java.util.Map.of("server.readHeaderTimeout", config.server().readHeaderTimeout(),
                "server.readBodyTimeout", config.server().readBodyTimeout()).entrySet()) {
            if (timeout.getValue() == null || timeout.getValue().isNegative() || timeout.getValue().isZero()) {
                problems.add(timeout.getKey() + ": must be a positive duration");
            }
        }
        ServerConfig.Authentication authentication = config.authentication();
        List<X509Certificate> clientCas = List.of();
        List<X509Certificate> requestHeaderCas = List.of();
        if (!authentication.fromConfigMap()) {
            clientCas = collect(problems, "authentication.clientCAFile", () -> readCa(authentication.clientCAFile()));
            requestHeaderCas = collect(problems, "authentication.requestHeader.clientCAFile",
                    () -> readCa(authentication.requestHeader().clientCAFile()));
        }
        Replica self = null;
        String replicasNamespace = null;
        if (replicas.enabled()) {
            replicasNamespace = orEnvironment(replicas.namespace(), "POD_NAMESPACE");
            String address = orEnvironment(replicas.address(), "POD_IP");
            if (replicasNamespace == null) {
                problems.add("replicas.namespace: set it, or POD_NAMESPACE (the downward API's metadata.namespace)");
            }
            if (address == null) {
                problems.add("replicas.address: set it, or POD_IP (the downward API's status.podIP)");
            } else if (replicaId != null) {
                self = new Replica(replicaId, URI.create(address.startsWith("https://") ? address
                        : "https://" + (address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address)
                        + ":" + config.server().port()));
            }
            if (config.server().certFile() == null) {
                problems.add("replicas.enabled: set server.certFile and server.keyFile, the same for every replica"
                        + " (replicas trust each other by that certificate)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
        return new CompletedConfig(config, token, kv, List.copyOf(dynamic), replicaId, clientCas, requestHeaderCas,
                self, replicasNamespace);
    }

    private static <T> T collect(List<String> problems, String key, Supplier<T> value) {
        try {
            return value.get();
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
        }
        return null;
    }

    private static String vaultToken(ServerConfig.Vault vault) {
        if (vault.kubernetesLogin().enabled() && vault.appRole().enabled()) {
            throw new ConfigException("set one of vault.kubernetesLogin.role and vault.appRole.roleId, not both");
        }
        if (vault.kubernetesLogin().enabled()) {
            if (vault.kubernetesLogin().tokenFile() == null) {
                throw new ConfigException("vault.kubernetesLogin.tokenFile: set the ServiceAccount token's file");
            }
            return null; // the server logs in (ServerLogins.kubernetes)
        }
        if (vault.appRole().enabled()) {
            if (vault.appRole().secretIdFile() == null) {
                throw new ConfigException("vault.appRole.secretIdFile: set the file holding the AppRole's secret id");
            }
            return null; // the server logs in (ServerLogins.appRole)
        }
        if (vault.tokenFile() != null) {
            try {
                return Files.readString(vault.tokenFile(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new ConfigException("cannot read vault.tokenFile " + vault.tokenFile() + ": " + e.getMessage());
            }
        }
        if (vault.token() == null || vault.token().isEmpty()) {
            throw new ConfigException("set vault.token, vault.tokenFile or VIRTUALSECRETS_VAULT_TOKEN");
        }
        return vault.token();
    }

    private static String orEnvironment(String configured, String variable) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String fromEnvironment = System.getenv(variable);
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new ConfigException("set leases.replicaId: the host name is unknown");
        }
    }

    /** An unset file is an empty bundle: that authenticator then recognises nobody. */
    private static List<X509Certificate> readCa(Path file) {
        if (file == null) {
            return List.of();
        }
        List<X509Certificate> certificates;
        try {
            certificates = Pem.readCertificates(file);
        } catch (RuntimeException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        if (certificates.isEmpty()) {
            throw new ConfigException(file + " holds no CA certificate");
        }
        return certificates;
    }
}
