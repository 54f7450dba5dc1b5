package dev.virtualsecrets.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.certs.Pem;
import dev.virtualsecrets.server.audit.AuditLog;
import dev.virtualsecrets.server.authn.AuthenticationChain;
import dev.virtualsecrets.server.authn.AuthenticationSettings;
import dev.virtualsecrets.server.authn.ClientCertificateAuthenticator;
import dev.virtualsecrets.server.authn.ExtensionApiserverAuthentication;
import dev.virtualsecrets.server.authn.RequestHeaderAuthenticator;
import dev.virtualsecrets.server.authn.X509Verifier;
import dev.virtualsecrets.server.authz.SystemMastersAuthorizer;
import dev.virtualsecrets.server.config.ConfigException;
import dev.virtualsecrets.server.config.ServerConfig;
import dev.virtualsecrets.server.discovery.DiscoveryDocuments;
import dev.virtualsecrets.server.http.ApiServerHandler;
import dev.virtualsecrets.server.http.DiscoveryEndpoint;
import dev.virtualsecrets.server.http.HealthEndpoint;
import dev.virtualsecrets.server.http.MetricsEndpoint;
import dev.virtualsecrets.server.http.OpenApiEndpoint;
import dev.virtualsecrets.server.http.RequestBodies;
import dev.virtualsecrets.server.http.Responses;
import dev.virtualsecrets.server.http.Routes;
import dev.virtualsecrets.server.json.Json;
import dev.virtualsecrets.server.metrics.ServerMetrics;
import dev.virtualsecrets.server.openapi.OpenApiDocuments;
import dev.virtualsecrets.server.patch.PatchApplier;
import dev.virtualsecrets.server.resource.ObjectCodec;
import dev.virtualsecrets.server.resource.ObjectValidator;
import dev.virtualsecrets.server.resource.VirtualSecretHandler;
import dev.virtualsecrets.server.resource.WatchResponder;
import dev.virtualsecrets.server.storage.KvV2Source;
import dev.virtualsecrets.server.storage.KvV2Storage;
import dev.virtualsecrets.server.table.TableRenderer;
import dev.virtualsecrets.server.tls.ServerTls;
import dev.virtualsecrets.server.vault.VaultClients;
import dev.virtualsecrets.server.vault.VaultHealth;
import dev.virtualsecrets.server.vault.VaultOperationsProvider;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchHub;
import io.helidon.webserver.WebServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import org.springframework.vault.core.VaultTemplate;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** The composition root: builds every part of the server from the configuration, explicitly. */
public final class ServerAssembly {

    private static final Duration CONFIG_MAP_STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private ServerAssembly() {
    }

    public static WebServer assemble(ServerConfig config, PrintStream auditOut) {
        ObjectMapper json = Json.newJsonMapper();
        ObjectMapper yaml = Json.newYamlMapper();
        Clock clock = Clock.systemUTC();

        ServerConfig.Vault vaultConfig = config.vault();
        VaultClients.Settings vaultSettings = new VaultClients.Settings(URI.create(vaultConfig.address()),
                vaultConfig.connectTimeout(), vaultConfig.requestTimeout(), vaultConfig.caCertFile());
        // Identity mode "server": every caller reaches Vault with the server's token.
        VaultTemplate vault = VaultClients.template(vaultSettings, vaultToken(vaultConfig));
        VaultOperationsProvider vaultForCaller = caller -> vault;
        VaultHealth vaultHealth = new VaultHealth(vaultSettings);

        ResourceVersionClock versions = new ResourceVersionClock(clock);
        ServerConfig.Watch watchConfig = config.watch();
        WatchHub hub = new WatchHub(versions, watchConfig.historySize(), watchConfig.queueSize());
        KvV2Storage storage = new KvV2Storage(
                new KvV2Source(config.sources().kv().mount(), config.sources().kv().pathTemplate()), vaultForCaller,
                versions);

        Responses responses = new Responses(json);
        RequestBodies bodies = new RequestBodies(config.server().maxRequestBytes(), json, yaml);
        ObjectCodec codec = new ObjectCodec(json);
        TableRenderer tables = new TableRenderer(json, clock);
        WatchResponder watches = new WatchResponder(storage, hub, versions, tables, responses,
                watchConfig.bookmarkInterval(), watchConfig.maxTimeout());
        VirtualSecretHandler virtualSecrets = new VirtualSecretHandler(storage, hub, versions, codec,
                new ObjectValidator(codec), new PatchApplier(clock, json, yaml), tables, bodies, responses, watches);

        ServerMetrics metrics = new ServerMetrics(hub::activeWatchers);
        Routes routes = new Routes(
                new HealthEndpoint(() -> vaultHealth.check().ready(), responses),
                new MetricsEndpoint(metrics, responses),
                new DiscoveryEndpoint(new DiscoveryDocuments(json), responses),
                new OpenApiEndpoint(new OpenApiDocuments(json), responses),
                virtualSecrets);
        ApiServerHandler handler = new ApiServerHandler(authentication(config),
                new SystemMastersAuthorizer(), routes, responses, new AuditLog(json, auditOut, config.audit().enabled()),
                metrics);

        ServerConfig.Server server = config.server();
        return WebServer.builder()
                .host(server.bindAddress())
                .port(server.port())
                .tls(ServerTls.create(server))
                // Watches stream for up to maxTimeout; the idle timer must never cut them first.
                .idleConnectionTimeout(watchConfig.maxTimeout().plusMinutes(5))
                .maxPayloadSize(server.maxRequestBytes() * 2)
                .shutdownGracePeriod(server.shutdownGracePeriod())
                .routing(routing -> routing.any(handler))
                .build();
    }

    /** Front proxy first, then client certificates, as k8s.io/apiserver orders them. */
    private static AuthenticationChain authentication(ServerConfig config) {
        Supplier<AuthenticationSettings> settings = authenticationSettings(config);
        return new AuthenticationChain(List.of(
                new RequestHeaderAuthenticator(new X509Verifier(() -> settings.get().requestHeaderCas()),
                        () -> settings.get().requestHeader()),
                new ClientCertificateAuthenticator(new X509Verifier(() -> settings.get().clientCas()))));
    }

    private static Supplier<AuthenticationSettings> authenticationSettings(ServerConfig config) {
        ServerConfig.Authentication authentication = config.authentication();
        if (authentication.fromConfigMap()) {
            ExtensionApiserverAuthentication fromCluster =
                    new ExtensionApiserverAuthentication(kubernetesClient(config.kubernetes()))
                            .start(CONFIG_MAP_STARTUP_TIMEOUT);
            return fromCluster::current;
        }
        ServerConfig.RequestHeader requestHeader = authentication.requestHeader();
        AuthenticationSettings fromFiles = new AuthenticationSettings(
                readCa(authentication.clientCAFile()),
                readCa(requestHeader.clientCAFile()),
                new RequestHeaderAuthenticator.Settings(requestHeader.allowedNames(), requestHeader.usernameHeaders(),
                        requestHeader.groupHeaders(), requestHeader.extraHeaderPrefixes()));
        return () -> fromFiles;
    }

    private static ApiClient kubernetesClient(ServerConfig.Kubernetes kubernetes) {
        try {
            if (kubernetes.kubeconfig() != null) {
                try (Reader reader = Files.newBufferedReader(kubernetes.kubeconfig())) {
                    KubeConfig kubeConfig = KubeConfig.loadKubeConfig(reader);
                    kubeConfig.setFile(kubernetes.kubeconfig().toFile());
                    return ClientBuilder.kubeconfig(kubeConfig).setReadTimeout(Duration.ZERO).build();
                }
            }
            return ClientBuilder.cluster().setReadTimeout(Duration.ZERO).build();
        } catch (IOException e) {
            throw new ConfigException("cannot build a Kubernetes client from "
                    + (kubernetes.kubeconfig() == null ? "the pod's service account" : kubernetes.kubeconfig())
                    + ": " + e.getMessage());
        }
    }

    /** An unset file is an empty bundle: that authenticator then recognises nobody. */
    private static List<X509Certificate> readCa(Path file) {
        if (file == null) {
            return List.of();
        }
        List<X509Certificate> certificates = Pem.readCertificates(file);
        if (certificates.isEmpty()) {
            throw new ConfigException(file + " holds no CA certificate");
        }
        return certificates;
    }

    private static String vaultToken(ServerConfig.Vault vault) {
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
}
