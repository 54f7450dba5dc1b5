package dev.virtualsecrets.bench.cluster;

import dev.virtualsecrets.testenv.EnvFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the local stack of {@code hack/dev-cluster up} listens and which credentials it uses,
 * read from its state directory ({@code env}, {@code kubeconfig}, {@code pki/}, pids).
 */
public record DevCluster(Path state, URI kubeApiserver, URI server, URI vault, Path vaultTokenFile,
                         Path clientCert, Path clientKey, List<Path> caCertificates, Path serverPidFile,
                         Path serverConfig) {

    private static final Pattern SERVER = Pattern.compile("^\\s*server:\\s*(\\S+)\\s*$", Pattern.MULTILINE);

    public static DevCluster read(Path state) {
        Path pki = state.resolve("pki");
        EnvFile env = EnvFile.read(state.resolve("env"));
        return new DevCluster(state,
                URI.create(match(SERVER, readText(state.resolve("kubeconfig")), "server", "kubeconfig")),
                URI.create(env.get("VIRTUALSECRETS_URL")),
                URI.create(env.get("VAULT_ADDR")),
                state.resolve("vault-token"),
                pki.resolve("admin.crt"), pki.resolve("admin.key"),
                List.of(pki.resolve("cluster-ca/ca.crt"), pki.resolve("virtualsecrets-ca/ca.crt")),
                state.resolve("server.pid"), state.resolve("config.yaml"));
    }

    /** The Vault token; kept out of every message and output. */
    public String vaultToken() {
        return readText(vaultTokenFile).strip();
    }

    public long serverPid() {
        return Long.parseLong(readText(serverPidFile).strip());
    }

    private static String match(Pattern pattern, String text, String what, String file) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException(what + " is missing from the dev-cluster " + file);
        }
        return matcher.group(1);
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": run hack/dev-cluster up first", e);
        }
    }
}
