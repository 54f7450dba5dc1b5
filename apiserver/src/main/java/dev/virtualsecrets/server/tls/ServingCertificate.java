package dev.virtualsecrets.server.tls;

import dev.virtualsecrets.certs.KeyStores;
import dev.virtualsecrets.certs.Pem;
import dev.virtualsecrets.server.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The serving certificate chain and key from their PEM files, read again every period: when the
 * files changed (a Secret volume updated by cert-manager's rotation swaps both at once) and hold a
 * certificate with its matching key, new connections get the new pair; anything else (half-written
 * files, a key of another certificate) is logged and the pair in use stays. The key is never logged.
 */
public final class ServingCertificate implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServingCertificate.class.getName());
    private static final char[] IN_MEMORY_PASSWORD = new char[0];
    private static final byte[] PROOF = "virtualsecrets serving key check".getBytes(StandardCharsets.US_ASCII);

    private final Path certFile;
    private final Path keyFile;
    private final ReloadingKeyManager keyManager;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("serving-certificate-reload").factory());
    private byte[] loadedDigest;
    private volatile X509Certificate served;

    private record Pair(List<X509Certificate> chain, PrivateKey key, byte[] digest) {
    }

    /** Reads both files now: a missing, unreadable or mismatched pair stops the server (ConfigException). */
    public ServingCertificate(Path certFile, Path keyFile) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        Pair pair;
        X509ExtendedKeyManager initial;
        try {
            pair = read();
            initial = keyManager(pair);
        } catch (IOException | RuntimeException | GeneralSecurityException e) {
            throw new ConfigException("server.certFile/server.keyFile: " + describe(e));
        }
        this.keyManager = new ReloadingKeyManager(initial);
        this.loadedDigest = pair.digest();
        this.served = pair.chain().getFirst();
    }

    /** The key manager to build the TLS context with: it always holds the pair loaded last. */
    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    /** The leaf certificate new connections get. */
    public X509Certificate served() {
        return served;
    }

    /** Reads the files again every {@code period} from now on. */
    public void start(Duration period) {
        timer.scheduleWithFixedDelay(this::reload, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Loads the files when they changed; whether a new pair is now served. */
    synchronized boolean reload() {
        try {
            byte[] digest = digest(Files.readAllBytes(certFile), Files.readAllBytes(keyFile));
            if (Arrays.equals(digest, loadedDigest)) {
                return false;
            }
            Pair pair = read();
            keyManager.replace(keyManager(pair));
            loadedDigest = pair.digest();
            served = pair.chain().getFirst();
            LOG.info("serving certificate reloaded from " + certFile + ": " + served.getSubjectX500Principal()
                    + ", valid until " + served.getNotAfter().toInstant());
            return true;
        } catch (IOException | RuntimeException | GeneralSecurityException e) {
            LOG.log(Level.WARNING, "serving certificate not reloaded, the previous one stays: " + describe(e));
            return false;
        }
    }

    private Pair read() throws IOException, GeneralSecurityException {
        byte[] certPem = Files.readAllBytes(certFile);
        byte[] keyPem = Files.readAllBytes(keyFile);
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = Pem.readCertificates(new String(certPem, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(certFile + ": " + e.getMessage());
        }
        try {
            key = Pem.readPrivateKey(new String(keyPem, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keyFile + ": " + e.getMessage());
        }
        requireMatching(chain.getFirst(), key);
        return new Pair(chain, key, digest(certPem, keyPem));
    }

    /** The key signs what the certificate's public key verifies (RSA, EC and EdDSA alike). */
    private void requireMatching(X509Certificate certificate, PrivateKey key) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(PROOF);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(PROOF);
        if (!verifier.verify(signature)) {
            throw new IllegalArgumentException(keyFile + " is not the key of the certificate in " + certFile);
        }
    }

    private static X509ExtendedKeyManager keyManager(Pair pair) throws GeneralSecurityException {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(KeyStores.keyStore(pair.key(), pair.chain(), IN_MEMORY_PASSWORD), IN_MEMORY_PASSWORD);
        for (KeyManager manager : factory.getKeyManagers()) {
            if (manager instanceof X509ExtendedKeyManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 key manager");
    }

    private static byte[] digest(byte[] certPem, byte[] keyPem) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(certPem);
            sha256.update((byte) 0);
            sha256.update(keyPem);
            return sha256.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The failure without key material: Pem's messages name files and formats, never contents. */
    private static String describe(Exception e) {
        return e instanceof IOException ? "cannot read " + e.getMessage() : e.getMessage();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
