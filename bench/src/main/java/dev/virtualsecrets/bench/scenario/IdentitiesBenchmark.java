package dev.virtualsecrets.bench.scenario;

import dev.virtualsecrets.bench.Mode;
import dev.virtualsecrets.bench.cluster.Clients;
import dev.virtualsecrets.bench.report.Results;
import dev.virtualsecrets.bench.stats.LatencySummary;
import dev.virtualsecrets.bench.stats.Samples;
import dev.virtualsecrets.certs.CertificateAuthority;
import dev.virtualsecrets.certs.IssuedCertificate;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What identity mode {@code caller} costs, through kube-apiserver: N distinct users (client
 * certificates of the cluster CA, group {@code dev}, which the local stack maps to the Vault
 * policy {@code virtualsecrets-dev}) read {@code demo/app-credentials}. Each user's first GET (on an
 * already open connection) pays for the server's SubjectAccessReview and the Vault token it
 * creates for that user; the following GETs reuse both. Also counts the Vault logins the server made: one per user.
 */
public final class IdentitiesBenchmark {

    private static final String NAMESPACE = "demo";
    private static final String NAME = "app-credentials";
    private static final String GROUP = "dev";
    private static final String BINDING = "bench-identities-reader";
    private static final int CACHED_ROUNDS = 10;

    private final Stack stack;
    private final Mode mode;

    public IdentitiesBenchmark(Stack stack, Mode mode) {
        this.stack = stack;
        this.mode = mode;
    }

    public void run(Results results) {
        String binding = "/apis/rbac.authorization.k8s.io/v1/namespaces/" + NAMESPACE + "/rolebindings";
        stack.createKube(binding, """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding",
                 "metadata":{"name":"%s","namespace":"%s"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"virtualsecrets:reader"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"%s"}]}
                """.formatted(BINDING, NAMESPACE, GROUP));
        try {
            measure(results);
        } finally {
            stack.deleteKube(binding + "/" + BINDING);
        }
    }

    private void measure(Results results) {
        CertificateAuthority clusterCa = CertificateAuthority.load(
                stack.cluster().state().resolve("pki/cluster-ca/ca.crt"),
                stack.cluster().state().resolve("pki/cluster-ca/ca.key"));
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<HttpClient> users = new ArrayList<>();
        for (int i = 0; i < mode.identities(); i++) {
            IssuedCertificate user = clusterCa.issueClient("bench-user-" + run + "-" + i, List.of(GROUP), Duration.ofHours(1));
            users.add(Clients.as(stack.cluster(), user));
        }
        HttpRequest get = stack.get(stack.uri(true, Stack.virtualSecrets(NAMESPACE) + "/" + NAME));
        double loginsBefore = stack.probe().counter("virtualsecrets_vault_logins_total");

        // Each user's connection to kube-apiserver is opened (TLS handshake) by a request that
        // kube-apiserver answers itself, so the first measured GET pays only for the server's side.
        HttpRequest version = stack.get(stack.cluster().kubeApiserver().resolve("/version"));
        Samples first = new Samples();
        int errors = 0;
        for (HttpClient user : users) {
            errors += TimedRequests.send(user, version, null, 200);
            errors += TimedRequests.send(user, get, first, 200);
        }
        double logins = stack.probe().counter("virtualsecrets_vault_logins_total") - loginsBefore;
        Samples cached = new Samples();
        for (int round = 0; round < CACHED_ROUNDS; round++) {
            for (HttpClient user : users) {
                errors += TimedRequests.send(user, get, cached, 200);
            }
        }
        users.forEach(HttpClient::shutdownNow);

        LatencySummary firstSummary = LatencySummary.of(first, 0, null);
        LatencySummary cachedSummary = LatencySummary.of(cached, 0, null);
        results.put("identities.users", mode.identities());
        results.putLatency("identities.first_get", firstSummary);
        results.putLatency("identities.cached_get", cachedSummary);
        results.put("identities.vault_logins", logins);
        results.put("identities.errors", errors);
        System.err.printf("bench: %d identities through kube-apiserver: first GET p50 %.2f ms p99 %.2f ms, "
                        + "cached GET p50 %.2f ms p99 %.2f ms, %.0f Vault logins, %d errors%n",
                mode.identities(), firstSummary.p50Ms(), firstSummary.p99Ms(), cachedSummary.p50Ms(),
                cachedSummary.p99Ms(), logins, errors);
    }
}
