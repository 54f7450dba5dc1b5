package dev.virtualsecrets.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.audit.AuditLog;
import dev.virtualsecrets.server.audit.VaultRequestIds;
import dev.virtualsecrets.server.authn.AuthenticationChain;
import dev.virtualsecrets.server.authn.PeerAuthenticator;
import dev.virtualsecrets.server.authn.AuthenticationSettings;
import dev.virtualsecrets.server.authn.Authenticator;
import dev.virtualsecrets.server.authn.ClientCertificateAuthenticator;
import dev.virtualsecrets.server.authn.ExtensionApiserverAuthentication;
import dev.virtualsecrets.server.authn.RequestHeaderAuthenticator;
import dev.virtualsecrets.server.authn.TokenReviewAuthenticator;
import dev.virtualsecrets.server.authn.X509Verifier;
import dev.virtualsecrets.server.authz.Authorizer;
import dev.virtualsecrets.server.authz.SubjectAccessReviewAuthorizer;
import dev.virtualsecrets.server.cache.Caches;
import dev.virtualsecrets.server.config.ServerConfig;
import dev.virtualsecrets.server.discovery.DiscoveryDocuments;
import dev.virtualsecrets.server.endpoints.filters.HandlerChain;
import dev.virtualsecrets.server.endpoints.filters.OwnerRoutingFilter;
import dev.virtualsecrets.server.endpoints.filters.TransportLimits;
import dev.virtualsecrets.server.endpoints.handlers.DiscoveryEndpoint;
import dev.virtualsecrets.server.endpoints.handlers.HealthEndpoint;
import dev.virtualsecrets.server.endpoints.handlers.LeaseTransferEndpoint;
import dev.virtualsecrets.server.endpoints.handlers.MetricsEndpoint;
import dev.virtualsecrets.server.endpoints.handlers.ObjectCodec;
import dev.virtualsecrets.server.endpoints.handlers.ObjectValidator;
import dev.virtualsecrets.server.endpoints.handlers.OpenApiEndpoint;
import dev.virtualsecrets.server.endpoints.handlers.RequestBodies;
import dev.virtualsecrets.server.endpoints.handlers.ResourceDispatcher;
import dev.virtualsecrets.server.endpoints.handlers.Routes;
import dev.virtualsecrets.server.endpoints.handlers.WatchResponder;
import dev.virtualsecrets.server.endpoints.handlers.WatchVisibility;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.json.Json;
import dev.virtualsecrets.server.kube.KubeReplicaDirectory;
import dev.virtualsecrets.server.kube.KubeSubjectAccessReviewer;
import dev.virtualsecrets.server.kube.KubeTokenRequester;
import dev.virtualsecrets.server.kube.KubeTokenReviewer;
import dev.virtualsecrets.server.kube.KubernetesClients;
import dev.virtualsecrets.server.kube.LazyApiClient;
import dev.virtualsecrets.server.kube.TerminatingNamespaces;
import dev.virtualsecrets.server.lifecycle.Draining;
import dev.virtualsecrets.server.lifecycle.Lifecycle;
import dev.virtualsecrets.server.replicas.LeaseHandOver;
import dev.virtualsecrets.server.replicas.Membership;
import dev.virtualsecrets.server.replicas.PeerClient;
import dev.virtualsecrets.server.replicas.PeerIdentity;
import dev.virtualsecrets.server.metrics.ServerMetrics;
import dev.virtualsecrets.server.openapi.OpenApiDocuments;
import dev.virtualsecrets.server.patch.FieldManager;
import dev.virtualsecrets.server.patch.PatchApplier;
import dev.virtualsecrets.server.registry.KubernetesControllers;
import dev.virtualsecrets.server.registry.SourceRouter;
import dev.virtualsecrets.server.registry.dynamic.DynamicSecretStorage;
import dev.virtualsecrets.server.registry.kv.KvChangePoller;
import dev.virtualsecrets.server.registry.kv.KvV2Storage;
import dev.virtualsecrets.server.table.TableRenderer;
import dev.virtualsecrets.server.tls.ServerTls;
import dev.virtualsecrets.server.tls.ServingCertificate;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.vault.ServerToken;
import dev.virtualsecrets.server.vault.ServerTokenCheck;
import dev.virtualsecrets.server.vault.TokenVaultSession;
import dev.virtualsecrets.server.vault.VaultClients;
import dev.virtualsecrets.server.vault.VaultAvailability;
import dev.virtualsecrets.server.vault.VaultHealth;
import dev.virtualsecrets.server.vault.VaultSession;
import dev.virtualsecrets.server.vault.VaultSessions;
import dev.virtualsecrets.server.vault.authentication.CallerTokens;
import dev.virtualsecrets.server.vault.authentication.ServerLogins;
import dev.virtualsecrets.server.vault.authentication.ServiceAccountLogin;
import dev.virtualsecrets.server.vault.authentication.UserTokenIssuer;
import dev.virtualsecrets.server.vault.lease.LeaseKey;
import dev.virtualsecrets.server.vault.lease.LeaseRecords;
import dev.virtualsecrets.server.vault.lease.LeaseRegistry;
import dev.virtualsecrets.server.vault.lease.LeaseSchedule;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchHub;
import dev.virtualsecrets.server.watch.WatchScope;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.vault.authentication.ClientAuthentication;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.web.client.RestOperations;

import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The composition root: builds every part of the server from the configuration, explicitly. */
public final class ServerAssembly {

    private static final Duration CONFIG_MAP_STARTUP_TIMEOUT = Duration.ofSeconds(30);
    /** A peer replica that does not accept a connection within this is treated as unreachable. */
    private static final Duration PEER_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** How often the serving certificate's files are read again (a Secret volume changes within about a minute). */
    private static final Duration SERVING_CERTIFICATE_CHECK_PERIOD = Duration.ofSeconds(10);
    /** How often Vault's sys/health is asked, and how long one answer may take. */
    private static final Duration VAULT_PROBE_PERIOD = Duration.ofMillis(500);
    private static final Duration VAULT_PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** How often the server asks Vault whether it still accepts the server's own token. */
    private static final Duration SERVER_TOKEN_CHECK_PERIOD = Duration.ofSeconds(5);
    /** Bodies up to this size are read to the end even when refused, so the 413 reaches the client. */
    private static final long MAX_DRAINED_BODY_BYTES = 64L << 20;
    /** TokenReview, SubjectAccessReview and TokenRequest fail (closed) after this long. */
    private static final Duration KUBERNETES_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Distinct token reviews and access reviews remembered for their TTL. */
    private static final int DECISION_CACHE_SIZE = 10_000;
    /** How long a watcher's Vault read permission on one object is reused. */
    private static final Duration VISIBILITY_TTL = Duration.ofSeconds(10);

    private ServerAssembly() {
    }

    /**
     * Wires every part of the server from a completed configuration. Nothing starts here: the
     * background parts are registered with the returned server's lifecycle and start with it.
     */
    public static AssembledServer assemble(CompletedConfig completed, PrintStream auditOut) {
        ServerConfig config = completed.config();
        Lifecycle lifecycle = new Lifecycle();
        ObjectMapper json = Json.newJsonMapper();
        ObjectMapper yaml = Json.newYamlMapper();
        Clock clock = Clock.systemUTC();
        ServerMetrics metrics = new ServerMetrics();
        Caches caches = new Caches(clock, metrics.caches());
        LazyApiClient kubernetes = new LazyApiClient(config.kubernetes(), KUBERNETES_REQUEST_TIMEOUT);
        AuthenticationChain authentication = authentication(config, completed, kubernetes, caches, lifecycle);

        ServerConfig.Vault vaultConfig = config.vault();
        VaultClients.Settings vaultSettings = new VaultClients.Settings(URI.create(vaultConfig.address()),
                vaultConfig.connectTimeout(), vaultConfig.requestTimeout(), vaultConfig.caCertFile());
        VaultAvailability vaultAvailability = new VaultAvailability(new VaultHealth(new VaultClients.Settings(
                vaultSettings.address(), VAULT_PROBE_TIMEOUT, VAULT_PROBE_TIMEOUT, vaultSettings.caCertificate()))::check);
        lifecycle.add("Vault availability probe", () -> vaultAvailability.start(VAULT_PROBE_PERIOD),
                vaultAvailability);
        ClientHttpRequestFactory vaultRequests = VaultClients.serverRequests(vaultSettings,
                vaultAvailability::available, vaultConfig.namespace());
        VaultTemplate sessionless = VaultClients.sessionless(vaultSettings, vaultRequests);
        RestOperations vaultRest = VaultClients.rest(vaultSettings, vaultRequests);
        ServerToken serverToken = new ServerToken(serverLogin(vaultConfig, completed.vaultToken(), vaultRest), vaultRest);
        // Registered before every part that uses it: closed (its login token revoked) after them.
        lifecycle.closing("Vault server login", serverToken);
        ServerTokenCheck serverTokenCheck = new ServerTokenCheck(sessionless, serverToken);
        lifecycle.add("Vault server token check", () -> serverTokenCheck.start(SERVER_TOKEN_CHECK_PERIOD),
                serverTokenCheck);
        // The server's own identity: users' tokens, lease revocation and lease records; never an API read.
        VaultSession serverVault = new TokenVaultSession(sessionless, serverToken,
                VaultRequestIds.current()::record, serverTokenCheck::recheck, null);
        VaultSessions vaultForCaller = vaultSessions(config, sessionless, serverToken, serverTokenCheck, serverVault,
                kubernetes, metrics, clock, caches);

        ResourceVersionClock versions = new ResourceVersionClock(clock);
        ServerConfig.Watch watchConfig = config.watch();
        WatchHub hub = new WatchHub(versions, watchConfig.historySize(), watchConfig.queueSize());
        KvV2Storage kvStorage = new KvV2Storage(completed.kv(), vaultForCaller, versions, hub);
        LeaseRegistry leases = completed.dynamicSources().isEmpty() ? null
                : leaseRegistry(config.leases(), completed.replicaId(), sessionless, serverVault, hub, versions, clock);
        SourceRouter sources = new SourceRouter(kvStorage, completed.dynamicSources().stream().map(source ->
                new DynamicSecretStorage(source, leases, vaultForCaller, hub, versions)).toList());
        KvChangePoller poller = new KvChangePoller(kvStorage, sources::shadows, hub, versions,
                watchConfig.kvPollInterval());

        Responses responses = new Responses(json);
        RequestBodies bodies = new RequestBodies(config.server().maxRequestBytes(), config.server().readBodyTimeout(),
                json, yaml);
        ObjectCodec codec = new ObjectCodec(json);
        TableRenderer tables = new TableRenderer(json, clock);
        WatchVisibility visibility = config.identity().callerMode()
                ? WatchVisibility.perCaller(sources, VISIBILITY_TTL, config.identity().cache().maxEntries(), caches)
                : WatchVisibility.everything();
        WatchResponder watches = new WatchResponder(sources, hub, versions, tables, responses,
                watchConfig.bookmarkInterval(), watchConfig.maxTimeout(), visibility);
        ServerConfig.Controllers controllersConfig = config.controllers();
        TerminatingNamespaces terminating = new TerminatingNamespaces(config.kubernetes());
        KubernetesControllers controllers = new KubernetesControllers(Set.copyOf(controllersConfig.users()),
                controllersConfig.retainOnNamespaceDeletion(), terminating);
        if (leases != null && !controllersConfig.retainOnNamespaceDeletion()) {
            // Under namespaceDeletion: delete, every identity's dynamic credentials there are revoked
            // (the controllers, listing as the server, would see none of them).
            terminating.onTerminating(leases::revokeNamespace);
        }
        ResourceDispatcher virtualSecrets = ResourceDispatcher.create(sources, controllers, versions, codec,
                new ObjectValidator(codec), new PatchApplier(clock, json, yaml), tables, bodies, responses, watches,
                new FieldManager(clock));
        metrics.watchesActive(hub::activeWatchers);
        if (leases != null) {
            metrics.leasesActive(leases::size);
        }
        metrics.vault(vaultAvailability::available, () -> !serverTokenCheck.refused());
        Draining draining = new Draining();
        String peerUser = completed.self() == null ? null : PeerIdentity.user(config.replicas().tokenFile());
        Routes routes = new Routes(
                new HealthEndpoint(draining::draining, vaultAvailability::available, serverTokenCheck::refused,
                        responses),
                new MetricsEndpoint(metrics, responses),
                new DiscoveryEndpoint(new DiscoveryDocuments(json, sources.verbs()), responses),
                new OpenApiEndpoint(new OpenApiDocuments(json), responses),
                virtualSecrets,
                leases == null || peerUser == null ? null
                        : new LeaseTransferEndpoint(peerUser, leases, sources, bodies, json, responses));
        ServerConfig.Authorization authorization = config.authorization();
        Authorizer authorizer = new SubjectAccessReviewAuthorizer(new KubeSubjectAccessReviewer(kubernetes),
                authorization.allowCacheTTL(), authorization.denyCacheTTL(), DECISION_CACHE_SIZE, caches);
        AuditLog audit = auditLog(config.audit(), json, auditOut);

        // Started in this order after wiring, stopped in the reverse order after the web server.
        if (leases != null) {
            // A killed server's leases are revoked at start; a stopping server revokes its own.
            lifecycle.add("lease registry", leases::start, leases);
        }
        lifecycle.add("namespace watch", terminating::start, terminating)
                .add("KV change poller", poller::start, poller)
                .closing("KV reads", kvStorage)
                .closing("audit log", audit)
                .closing("metrics", metrics);

        ServerConfig.Server server = config.server();
        ServingCertificate servingCertificate = ServerTls.servingCertificate(server);
        if (servingCertificate != null) {
            lifecycle.add("serving certificate reload", () -> servingCertificate.start(SERVING_CERTIFICATE_CHECK_PERIOD),
                    servingCertificate);
        }
        OwnerRoutingFilter ownerRouting = completed.self() == null ? null
                : ownerRouting(config.replicas(), completed, servingCertificate, kubernetes, clock, lifecycle, draining,
                metrics, hub, leases, json, peerUser);
        // Bodies up to this size are read (and dropped when over maxRequestBytes) so that the
        // client gets its 413; beyond it the transport answers 413 and closes.
        TransportLimits transport = new TransportLimits(responses, server.readHeaderTimeout(),
                Math.max(MAX_DRAINED_BODY_BYTES, server.maxRequestBytes() * 2));
        lifecycle.closing("request head deadline", transport);
        WebServerConfig.Builder webServerConfig = WebServer.builder()
                .host(server.bindAddress())
                .port(server.port())
                .tls(ServerTls.create(server, servingCertificate))
                // Watches stream for up to maxTimeout; the idle timer must never cut them first.
                .idleConnectionTimeout(watchConfig.maxTimeout().plusMinutes(5))
                .shutdownGracePeriod(server.shutdownGracePeriod())
                .routing(routing -> HandlerChain.build(routing, routes, authentication, authorizer, audit, metrics,
                        responses, clock, ownerRouting));
        transport.applyTo(webServerConfig);
        WebServer webServer = webServerConfig.build();
        return new AssembledServer(webServer, lifecycle, draining, server.shutdownDelay());
    }

    /**
     * Several replicas: this one announces itself (a Lease in the replicas' namespace, withdrawn when
     * draining begins), forwards the requests of identities other replicas own, and ends the watches
     * of identities that moved to another replica.
     */
    private static OwnerRoutingFilter ownerRouting(ServerConfig.Replicas replicas, CompletedConfig completed,
                                                  ServingCertificate servingCertificate, LazyApiClient kubernetes,
                                                  Clock clock, Lifecycle lifecycle, Draining draining,
                                                  ServerMetrics metrics, WatchHub hub, LeaseRegistry leases,
                                                  ObjectMapper json, String peerUser) {
        Membership membership = new Membership(new KubeReplicaDirectory(kubernetes, completed.replicasNamespace(),
                clock), completed.self(), replicas.leaseDuration());
        // A watch resumed here after the owners moved may lack what another replica published: 410.
        membership.onChange(view -> hub.membershipChanged(watcher -> !membership.ownerOf(watcher.user()).id()
                .equals(membership.self().id())));
        if (leases != null) {
            // A replica that is gone (its Lease expired: killed, or its node lost) left leases nobody
            // renews: one live replica revokes them, off the membership's thread.
            membership.onChange(view -> Thread.ofVirtual().name("departed-replicas-leases").start(() ->
                    leases.revokeDeparted(membership::liveNow,
                            replica -> membership.ownerOf("replica/" + replica).id().equals(membership.self().id()))));
        }
        lifecycle.add("replica membership", () -> membership.start(replicas.renewInterval()), membership);
        draining.onBegin(membership::withdraw);
        PeerClient peers = new PeerClient(servingCertificate::served, replicas.tokenFile(), PEER_CONNECT_TIMEOUT);
        if (leases != null) {
            // Leases move with their callers' identities (a replica joined, or this one is stopping).
            LeaseHandOver handOver = new LeaseHandOver(membership, peers, leases, json, peerUser);
            leases.takeOverFrom(handOver);
            membership.onChange(view -> handOver.membershipChanged());
            lifecycle.closing("lease hand-over", handOver);
        }
        return new OwnerRoutingFilter(membership, peers, completed.config().server().maxRequestBytes(), metrics);
    }

    /** The server's own Vault login: kubernetes auth, AppRole, or a token (CompletedConfig allows one). */
    private static ClientAuthentication serverLogin(ServerConfig.Vault vault, String token, RestOperations rest) {
        ServerConfig.KubernetesLogin kubernetes = vault.kubernetesLogin();
        ServerConfig.AppRole appRole = vault.appRole();
        if (kubernetes.enabled()) {
            return ServerLogins.kubernetes(rest, kubernetes.mount(), kubernetes.role(), kubernetes.tokenFile());
        }
        if (appRole.enabled()) {
            return ServerLogins.appRole(rest, appRole.mount(), appRole.roleId(), appRole.secretIdFile());
        }
        return ServerLogins.token(token, vault.tokenFile());
    }

    /** A lease is kept while its owner reads it, or while a watch by the same identity covers it. */
    private static LeaseRegistry leaseRegistry(ServerConfig.Leases config, String replicaId, VaultTemplate sessionless,
                                               VaultSession serverVault, WatchHub hub, ResourceVersionClock versions,
                                               Clock clock) {
        LeaseRecords records = new LeaseRecords(serverVault, config.records().mount(), config.records().path(),
                replicaId);
        Supplier<Predicate<LeaseKey>> watched = () -> {
            Set<WatchScope> scopes = hub.scopes();
            return key -> scopes.stream().anyMatch(scope -> scope.watcher().key().equals(key.owner())
                    && (scope.namespace() == null || scope.namespace().equals(key.namespace()))
                    && (scope.name() == null || scope.name().equals(key.name())));
        };
        return new LeaseRegistry(sessionless, serverVault, records,
                new LeaseSchedule(config.renewBefore(), config.rotateBefore()), config.idleTimeout(), clock,
                versions::next, watched);
    }

    /**
     * Identity mode caller: each caller's own Vault token (ServiceAccounts by kubernetes auth,
     * users by the token role, through the server's token). Mode server: the server's token for all.
     */
    private static VaultSessions vaultSessions(ServerConfig config, VaultTemplate sessionless, ServerToken serverToken,
                                               ServerTokenCheck check, VaultSession serverVault,
                                               LazyApiClient kubernetes,
                                               ServerMetrics metrics, Clock clock, Caches caches) {
        ServerConfig.Identity identity = config.identity();
        if (!identity.callerMode()) {
            return caller -> new TokenVaultSession(sessionless, serverToken, VaultRequestIds.current()::record,
                    check::recheck, null);
        }
        ServerConfig.ServiceAccounts accounts = identity.serviceAccounts();
        ServerConfig.Users users = identity.users();
        CallerTokens tokens = new CallerTokens(
                new ServiceAccountLogin(new KubeTokenRequester(kubernetes), sessionless, accounts.authMount(),
                        accounts.roleTemplate(), accounts.audience(), accounts.tokenExpiration(), clock, check::recheck),
                new UserTokenIssuer(serverVault, users.tokenRole(), users.tokenTTL(), users.groupPolicies(), clock),
                identity.cache().maxEntries(), identity.cache().refreshBefore(), caches, metrics.callerTokens());
        // CallerIdentity.SERVER stands for Kubernetes' controllers on metadata-only reads (KubernetesControllers).
        // A caller's token Vault no longer accepts (revoked, Vault reset) is dropped and the call made
        // once more after a new login.
        return caller -> caller == CallerIdentity.SERVER
                ? new TokenVaultSession(sessionless, serverToken, VaultRequestIds.current()::record, check::recheck, null)
                : new TokenVaultSession(sessionless, () -> tokens.tokenFor(caller), VaultRequestIds.current()::record,
                        check::recheck, refused -> tokens.forget(caller, refused));
    }

    private static AuditLog auditLog(ServerConfig.Audit audit, ObjectMapper json, PrintStream stdout) {
        if (audit.enabled() && audit.file() != null) {
            return AuditLog.toFile(json, audit.file());
        }
        return new AuditLog(json, stdout, audit.enabled());
    }

    /** Front proxy first, then client certificates, then bearer tokens, as k8s.io/apiserver orders them. */
    private static AuthenticationChain authentication(ServerConfig config, CompletedConfig completed,
                                                      LazyApiClient kubernetes, Caches caches, Lifecycle lifecycle) {
        Supplier<AuthenticationSettings> settings = authenticationSettings(config, completed, lifecycle);
        List<Authenticator> authenticators = new ArrayList<>(List.of(
                new RequestHeaderAuthenticator(new X509Verifier(() -> settings.get().requestHeaderCas()),
                        () -> settings.get().requestHeader()),
                new ClientCertificateAuthenticator(new X509Verifier(() -> settings.get().clientCas()))));
        ServerConfig.TokenReview tokenReview = config.authentication().tokenReview();
        if (completed.self() != null) {
            // Peers' forwarded requests: their ServiceAccount token, reviewed for kube-apiserver's audience.
            authenticators.add(new PeerAuthenticator(new TokenReviewAuthenticator(new KubeTokenReviewer(kubernetes,
                    List.of()), tokenReview.cacheTTL(), DECISION_CACHE_SIZE, caches, "peer_token_reviews"),
                    PeerIdentity.user(config.replicas().tokenFile())));
        }
        if (tokenReview.enabled()) {
            authenticators.add(new TokenReviewAuthenticator(new KubeTokenReviewer(kubernetes, tokenReview.audiences()),
                    tokenReview.cacheTTL(), DECISION_CACHE_SIZE, caches));
        }
        return new AuthenticationChain(authenticators);
    }

    /**
     * From the cluster: kube-system/extension-apiserver-authentication, read before the server
     * serves (the first part of the lifecycle) and watched while it runs. Or from the files.
     */
    private static Supplier<AuthenticationSettings> authenticationSettings(ServerConfig config,
                                                                           CompletedConfig completed,
                                                                           Lifecycle lifecycle) {
        ServerConfig.Authentication authentication = config.authentication();
        if (authentication.fromConfigMap()) {
            ExtensionApiserverAuthentication fromCluster =
                    new ExtensionApiserverAuthentication(KubernetesClients.create(config.kubernetes(), Duration.ZERO));
            lifecycle.add("extension-apiserver-authentication watch",
                    () -> fromCluster.start(CONFIG_MAP_STARTUP_TIMEOUT), fromCluster);
            return fromCluster::current;
        }
        ServerConfig.RequestHeader requestHeader = authentication.requestHeader();
        AuthenticationSettings fromFiles = new AuthenticationSettings(completed.clientCas(),
                completed.requestHeaderCas(),
                new RequestHeaderAuthenticator.Settings(requestHeader.allowedNames(), requestHeader.usernameHeaders(),
                        requestHeader.groupHeaders(), requestHeader.extraHeaderPrefixes()));
        return () -> fromFiles;
    }
}
