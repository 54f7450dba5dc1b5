package dev.virtualsecrets.bench;

import dev.virtualsecrets.bench.cluster.Clients;
import dev.virtualsecrets.bench.cluster.DevCluster;
import dev.virtualsecrets.bench.cluster.ServerProbe;
import dev.virtualsecrets.bench.cluster.VaultKv;
import dev.virtualsecrets.bench.report.Results;
import dev.virtualsecrets.bench.report.TablePrinter;
import dev.virtualsecrets.bench.report.Targets;
import dev.virtualsecrets.bench.scenario.GetBenchmark;
import dev.virtualsecrets.bench.scenario.DynamicSecretsBenchmark;
import dev.virtualsecrets.bench.scenario.IdentitiesBenchmark;
import dev.virtualsecrets.bench.scenario.ListBenchmark;
import dev.virtualsecrets.bench.scenario.Stack;
import dev.virtualsecrets.bench.scenario.StartupBenchmark;
import dev.virtualsecrets.bench.scenario.WatchFanoutBenchmark;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code java -jar virtualsecrets-bench.jar --mode quick|full --state .dev-cluster
 * --out target/bench/results.json [--server-jar apiserver/target/virtualsecrets-apiserver.jar]}:
 * benchmarks the stack of {@code hack/dev-cluster up}, prints tables and writes the results.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        long start = System.nanoTime();
        DevCluster cluster = DevCluster.read(options.state());
        HttpClient admin = Clients.admin(cluster);
        Stack stack = new Stack(cluster, admin, Clients.plain(),
                new VaultKv(Clients.plain(), cluster.vault(), cluster.vaultToken()),
                new ServerProbe(admin, cluster.server()));
        Mode mode = options.mode();

        Results results = new Results();
        results.put("mode", mode.name());
        results.put("started_at", Instant.now().toString());
        results.put("cpus", Runtime.getRuntime().availableProcessors());
        results.put("server.rss_mib.before", ServerProbe.rssMib(cluster.serverPid()));

        new GetBenchmark(stack, mode).run(results);
        new ListBenchmark(stack, mode).run(results);
        new IdentitiesBenchmark(stack, mode).run(results);
        new DynamicSecretsBenchmark(stack, mode).run(results);
        new WatchFanoutBenchmark(stack, mode).run(results);
        Path logDir = options.out().toAbsolutePath().getParent();
        new StartupBenchmark(stack, mode, options.serverJar(), logDir).run(results);

        results.put("server.rss_mib.after", ServerProbe.rssMib(cluster.serverPid()));
        results.put("duration_s", Duration.ofNanos(System.nanoTime() - start).toSeconds());
        Targets.evaluate(results).forEach(results::putTarget);
        results.write(options.out());
        System.out.print(TablePrinter.render(results, GetBenchmark.TARGETS, GetBenchmark.CONCURRENCY));
        System.out.println("\nResults: " + options.out());
    }
}
