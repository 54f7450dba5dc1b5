package dev.virtualsecrets.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * A bare key pair without a certificate, such as kube-apiserver's service-account token
 * signing key ({@code --service-account-signing-key-file} and {@code --service-account-key-file}).
 */
public record SigningKeyPair(PrivateKey privateKey, PublicKey publicKey) {

    public static SigningKeyPair generate(KeyAlgorithm algorithm) {
        KeyPair keys = algorithm.generateKeyPair();
        return new SigningKeyPair(keys.getPrivate(), keys.getPublic());
    }

    /**
     * Reads a pair written by {@link #writeTo}.
     *
     * @throws IllegalArgumentException if a file holds no key or the keys do not belong together
     */
    public static SigningKeyPair load(Path privateKeyPem, Path publicKeyPem) {
        PrivateKey privateKey = Pem.readPrivateKey(privateKeyPem);
        PublicKey publicKey = Pem.readPublicKey(publicKeyPem);
        if (!KeyAlgorithm.belongTogether(privateKey, publicKey)) {
            throw new IllegalArgumentException("the private key in " + privateKeyPem
                    + " does not belong to the public key in " + publicKeyPem);
        }
        return new SigningKeyPair(privateKey, publicKey);
    }

    /** PKCS#8 private key (owner-only permissions where POSIX) and SubjectPublicKeyInfo public key. */
    public void writeTo(Path privateKeyFile, Path publicKeyFile) {
        try {
            PrivateFiles.write(privateKeyFile, Pem.privateKey(privateKey));
            Files.writeString(publicKeyFile, Pem.publicKey(publicKey));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + privateKeyFile + " / " + publicKeyFile, e);
        }
    }

    /** Names the algorithm only: the private key must never end up in a log line. */
    @Override
    public String toString() {
        return "SigningKeyPair{algorithm=" + publicKey.getAlgorithm() + "}";
    }
}
