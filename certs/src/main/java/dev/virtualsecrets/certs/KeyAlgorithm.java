package dev.virtualsecrets.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * Key types for new certificates. RSA 2048 is the default because every client we care about
 * (kubectl, client-go, the Java client's kubeconfig loader) reads it.
 */
public enum KeyAlgorithm {
    RSA_2048("RSA", "SHA256withRSA"),
    EC_P256("EC", "SHA256withECDSA");

    public static final KeyAlgorithm DEFAULT = RSA_2048;

    private final String jcaName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String jcaName, String signatureAlgorithm) {
        this.jcaName = jcaName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
            if (this == RSA_2048) {
                generator.initialize(2048);
            } else {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key pair", e);
        }
    }

    /** The signature algorithm a key of this type signs certificates with. */
    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The algorithm of an existing key, e.g. a CA key loaded from disk. */
    static KeyAlgorithm of(PrivateKey key) {
        for (KeyAlgorithm algorithm : values()) {
            if (algorithm.jcaName.equalsIgnoreCase(key.getAlgorithm())) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unsupported key algorithm: " + key.getAlgorithm()
                + " (supported: RSA, EC)");
    }

    /** Whether the private key signs what the public key verifies, i.e. the two form a pair. */
    static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) {
        try {
            String algorithm = of(privateKey).signatureAlgorithm();
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(privateKey);
            signature.update(challenge);
            byte[] signed = signature.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Parses the CLI spelling: {@code rsa} or {@code ec}. */
    static KeyAlgorithm parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "rsa", "rsa-2048", "rsa_2048" -> RSA_2048;
            case "ec", "ec-p256", "ec_p256", "p256" -> EC_P256;
            default -> throw new IllegalArgumentException("unknown key type: " + name + " (use rsa or ec)");
        };
    }
}
