package dev.virtualsecrets.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.certs.Pem;
import dev.virtualsecrets.server.audit.AuditLog;
import dev.virtualsecrets.server.authn.AuthenticationChain;
import dev.virtualsecrets.server.authn.Authenticator;
import dev.virtualsecrets.server.authn.ClientCertificateAuthenticator;
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
import org.springframework.vault.core.VaultTemplate;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The composition root: builds every part of the server from the configuration, explicitly. */
public final class ServerAssembly {

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
        ApiServerHandler handler = new ApiServerHandler(authentication(config.authentication()),
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

    private static AuthenticationChain authentication(ServerConfig.Authentication config) {
        List<Authenticator> chain = new ArrayList<>();
        ServerConfig.RequestHeader requestHeader = config.requestHeader();
        if (requestHeader.clientCAFile() != null) {
            List<X509Certificate> proxyCa = readCa(requestHeader.clientCAFile());
            RequestHeaderAuthenticator.Settings settings = new RequestHeaderAuthenticator.Settings(
                    requestHeader.allowedNames(), requestHeader.usernameHeaders(), requestHeader.groupHeaders(),
                    requestHeader.extraHeaderPrefixes());
            chain.add(new RequestHeaderAuthenticator(new X509Verifier(constant(proxyCa)), constant(settings)));
        }
        if (config.clientCAFile() != null) {
            chain.add(new ClientCertificateAuthenticator(new X509Verifier(constant(readCa(config.clientCAFile())))));
        }
        return new AuthenticationChain(chain);
    }

    private static List<X509Certificate> readCa(Path file) {
        List<X509Certificate> certificates = Pem.readCertificates(file);
        if (certificates.isEmpty()) {
            throw new ConfigException(file + " holds no CA certificate");
        }
        return certificates;
    }

    private static <T> Supplier<T> constant(T value) {
        return () -> value;
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
