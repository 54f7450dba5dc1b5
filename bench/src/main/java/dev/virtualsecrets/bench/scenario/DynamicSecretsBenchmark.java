package dev.virtualsecrets.bench.scenario;

import dev.virtualsecrets.bench.Mode;
import dev.virtualsecrets.bench.report.Results;
import dev.virtualsecrets.bench.stats.LatencySummary;
import dev.virtualsecrets.bench.stats.Samples;

import java.net.http.HttpRequest;

/**
 * Dynamic secrets through kube-apiserver, as admin: how long a GET takes that issues new database
 * credentials (after a DELETE revoked the previous lease: Vault's database engine creates a
 * PostgreSQL role), and how long a GET of credentials the caller holds takes (served from the
 * lease). The local stack's role {@code demo-app} backs {@code demo/db-app}.
 */
public final class DynamicSecretsBenchmark {

    private static final String NAMESPACE = "demo";
    private static final String NAME = "db-app";
    private static final int ISSUES = 20;

    private final Stack stack;
    private final Mode mode;

    public DynamicSecretsBenchmark(Stack stack, Mode mode) {
        this.stack = stack;
        this.mode = mode;
    }

    public void run(Results results) {
        String path = Stack.virtualSecrets(NAMESPACE) + "/" + NAME;
        HttpRequest get = stack.get(stack.uri(true, path));
        HttpRequest revoke = HttpRequest.newBuilder(stack.uri(true, path)).timeout(Stack.REQUEST_TIMEOUT).DELETE().build();
        Samples issued = new Samples();
        int errors = 0;
        for (int i = 0; i < ISSUES; i++) {
            errors += TimedRequests.send(stack.admin(), revoke, null, 404);
            errors += TimedRequests.send(stack.admin(), get, issued, 200);
        }
        LatencySummary issue = LatencySummary.of(issued, 0, null);
        LoadRun.run(stack.admin(), get, 1, mode.getWarmup(), mode.getMaxRequests());
        LatencySummary held = LoadRun.run(stack.admin(), get, 1, mode.getDuration(), mode.getMaxRequests());
        double leases = stack.probe().counter("virtualsecrets_leases_active");
        TimedRequests.send(stack.admin(), revoke, null, 404);
        results.putLatency("dynamic.issue_get", issue);
        results.putLatency("dynamic.held_get.c1", held);
        results.put("dynamic.leases_active", leases);
        results.put("dynamic.errors", errors + held.errors());
        System.err.printf("bench: dynamic db-app through kube-apiserver: issuing GET p50 %.2f ms p99 %.2f ms, "
                        + "held GET p50 %.2f ms p99 %.2f ms, %.0f lease(s) held, %d errors%n",
                issue.p50Ms(), issue.p99Ms(), held.p50Ms(), held.p99Ms(), leases, errors + held.errors());
    }
}
