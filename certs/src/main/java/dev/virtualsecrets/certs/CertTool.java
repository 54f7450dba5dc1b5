package dev.virtualsecrets.certs;

import dev.virtualsecrets.certs.CliArguments.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Command line for the certificates a local cluster and the tests need:
 * a CA, serving certificates signed by it, client certificates for kubectl, and
 * kube-apiserver's service-account signing key pair.
 */
public final class CertTool {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    static final String CA_CERT = "ca.crt";
    static final String CA_KEY = "ca.key";

    private static final String USAGE = """
            Usage: java -jar virtualsecrets-certs.jar <command> [options]

            Commands:
              ca      --out-dir DIR [--cn NAME] [--days N] [--key-type rsa|ec]
                      Writes DIR/ca.crt and DIR/ca.key; keeps an existing pair untouched.
              serving --ca-dir DIR --cn NAME [--dns a,b] [--ip 127.0.0.1,::1] --out PREFIX
                      [--days N] [--key-type rsa|ec]
                      Writes PREFIX.crt and PREFIX.key (serverAuth). Without --dns and --ip
                      the common name is the only DNS name.
              client  --ca-dir DIR --user NAME [--groups g1,g2] --out PREFIX
                      [--days N] [--key-type rsa|ec]
                      Writes PREFIX.crt and PREFIX.key (clientAuth, CN=user, O=group each).
              keypair --out PREFIX [--key-type rsa|ec]
                      Writes PREFIX.key (PKCS#8) and PREFIX.pub (PUBLIC KEY), e.g. the
                      service-account signing key pair of kube-apiserver; keeps an existing
                      pair untouched.
            """;

    private final PrintStream out;
    private final PrintStream err;

    CertTool(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CertTool(System.out, System.err).run(args));
    }

    int run(String... args) {
        try {
            if (args.length == 0) {
                throw new UsageException("missing command");
            }
            List<String> options = Arrays.asList(args).subList(1, args.length);
            switch (args[0]) {
                case "ca" -> ca(CliArguments.parse(options, Set.of("out-dir", "cn", "days", "key-type")));
                case "serving" -> serving(CliArguments.parse(options,
                        Set.of("ca-dir", "cn", "dns", "ip", "out", "days", "key-type")));
                case "client" -> client(CliArguments.parse(options,
                        Set.of("ca-dir", "user", "groups", "out", "days", "key-type")));
                case "keypair" -> keypair(CliArguments.parse(options, Set.of("out", "key-type")));
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    return EXIT_OK;
                }
                default -> throw new UsageException("unknown command: " + args[0]);
            }
            return EXIT_OK;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return EXIT_USAGE;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    private void ca(CliArguments args) {
        Path dir = Path.of(args.required("out-dir"));
        Path cert = dir.resolve(CA_CERT);
        Path key = dir.resolve(CA_KEY);
        boolean certExists = Files.exists(cert);
        boolean keyExists = Files.exists(key);
        if (certExists && keyExists) {
            CertificateAuthority.load(cert, key);
            out.println("kept existing CA " + cert);
            return;
        }
        if (certExists || keyExists) {
            throw new IllegalStateException("found only one of " + cert + " and " + key
                    + "; remove it or restore the other before creating a CA");
        }
        CertificateAuthority ca = CertificateAuthority.create(args.optional("cn", "virtualsecrets-ca"),
                days(args, 3650), keyAlgorithm(args));
        createDirectories(dir);
        ca.writeTo(cert, key);
        out.println("wrote " + cert + " and " + key);
    }

    private void serving(CliArguments args) {
        String commonName = args.required("cn");
        Path prefix = Path.of(args.required("out"));
        List<String> dnsNames = args.list("dns");
        List<String> ips = args.list("ip");
        if (dnsNames.isEmpty() && ips.isEmpty()) {
            dnsNames = List.of(commonName);
        }
        CertificateAuthority ca = loadCa(args);
        write(ca.issueServing(commonName, dnsNames, ips, days(args, 365), keyAlgorithm(args)), prefix);
    }

    private void client(CliArguments args) {
        String user = args.required("user");
        Path prefix = Path.of(args.required("out"));
        CertificateAuthority ca = loadCa(args);
        write(ca.issueClient(user, args.list("groups"), days(args, 365), keyAlgorithm(args)), prefix);
    }

    private void keypair(CliArguments args) {
        Path prefix = Path.of(args.required("out"));
        KeyAlgorithm algorithm = keyAlgorithm(args);
        Path key = Path.of(prefix + ".key");
        Path pub = Path.of(prefix + ".pub");
        boolean keyExists = Files.exists(key);
        boolean pubExists = Files.exists(pub);
        if (keyExists && pubExists) {
            SigningKeyPair.load(key, pub);
            out.println("kept existing key pair " + key);
            return;
        }
        if (keyExists || pubExists) {
            throw new IllegalStateException("found only one of " + key + " and " + pub
                    + "; remove it or restore the other before creating a key pair");
        }
        if (key.getParent() != null) {
            createDirectories(key.getParent());
        }
        SigningKeyPair.generate(algorithm).writeTo(key, pub);
        out.println("wrote " + key + " and " + pub);
    }

    private void write(IssuedCertificate issued, Path prefix) {
        Path cert = Path.of(prefix + ".crt");
        Path key = Path.of(prefix + ".key");
        if (cert.getParent() != null) {
            createDirectories(cert.getParent());
        }
        issued.writeTo(cert, key);
        out.println("wrote " + cert + " and " + key);
    }

    private static CertificateAuthority loadCa(CliArguments args) {
        Path dir = Path.of(args.required("ca-dir"));
        return CertificateAuthority.load(dir.resolve(CA_CERT), dir.resolve(CA_KEY));
    }

    private static Duration days(CliArguments args, int defaultDays) {
        return Duration.ofDays(args.positiveInt("days", defaultDays));
    }

    private static KeyAlgorithm keyAlgorithm(CliArguments args) {
        try {
            return args.has("key-type") ? KeyAlgorithm.parse(args.required("key-type")) : KeyAlgorithm.DEFAULT;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
