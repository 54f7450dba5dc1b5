package dev.virtualsecrets.certs;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECPrivateKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * PEM encoding of certificates and private keys, in the formats Kubernetes tooling writes.
 *
 * <p>Error messages name the problem and never echo the input: it may hold key material.
 */
public final class Pem {

    private static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    private static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";

    private Pem() {
    }

    public static String certificate(X509Certificate certificate) {
        return certificates(List.of(certificate));
    }

    /** Several certificates, one block each, in order (e.g. a chain or a CA bundle). */
    public static String certificates(List<X509Certificate> certificates) {
        return write(certificates);
    }

    /** PKCS#8 ("PRIVATE KEY"), the format for any key type. */
    public static String privateKey(PrivateKey key) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        return write(List.of(new PemObject("PRIVATE KEY", encoded(info))));
    }

    /** SubjectPublicKeyInfo ("PUBLIC KEY"), what kube-apiserver's --service-account-key-file reads. */
    public static String publicKey(PublicKey key) {
        return write(List.of(new PemObject("PUBLIC KEY", key.getEncoded())));
    }

    /**
     * OpenSSL's traditional format: PKCS#1 ("RSA PRIVATE KEY") for RSA, SEC1 ("EC PRIVATE KEY")
     * for EC. Some older tools read only these.
     */
    public static String privateKeyTraditional(PrivateKey key) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        var algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return write(List.of(new PemObject(RSA_PRIVATE_KEY, encoded(parse(info)))));
        }
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            // The JDK leaves the curve out of the inner structure (it is in the PKCS#8 header);
            // SEC1 stands alone, so the curve must go inside.
            ECPrivateKey inner = ECPrivateKey.getInstance(parse(info));
            ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
            BigInteger d = inner.getKey();
            int orderBits = ((java.security.interfaces.ECPrivateKey) key).getParams().getOrder().bitLength();
            return write(List.of(new PemObject(EC_PRIVATE_KEY, encoded(new ECPrivateKey(orderBits, d, curve)))));
        }
        throw new IllegalArgumentException("no traditional PEM format for " + key.getAlgorithm() + " keys");
    }

    public static List<X509Certificate> readCertificates(Path file) {
        try {
            return readCertificates(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Every CERTIFICATE block, in order; other blocks are skipped. */
    public static List<X509Certificate> readCertificates(String pem) {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : parseAll(pem)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("invalid certificate in PEM: " + e.getMessage(), e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE block found in PEM");
        }
        return List.copyOf(certificates);
    }

    public static PrivateKey readPrivateKey(Path file) {
        try {
            return readPrivateKey(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    /**
     * The first private key in the PEM: PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY") or
     * SEC1 ("EC PRIVATE KEY"). Encrypted keys are refused.
     */
    public static PrivateKey readPrivateKey(String pem) {
        for (Object object : parseAll(pem)) {
            PrivateKeyInfo info = switch (object) {
                case PrivateKeyInfo pkcs8 -> pkcs8;
                case PEMKeyPair traditional -> traditional.getPrivateKeyInfo();
                case PKCS8EncryptedPrivateKeyInfo ignored -> throw encrypted();
                case PEMEncryptedKeyPair ignored -> throw encrypted();
                default -> null;
            };
            if (info != null) {
                try {
                    return canonical(new JcaPEMKeyConverter().getPrivateKey(info));
                } catch (IOException | GeneralSecurityException | RuntimeException e) {
                    // No cause attached: parser messages may quote the key bytes.
                    throw new IllegalArgumentException("invalid private key in PEM ("
                            + e.getClass().getSimpleName() + ")");
                }
            }
        }
        throw new IllegalArgumentException(
                "no private key found in PEM (expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    public static PublicKey readPublicKey(Path file) {
        try {
            return readPublicKey(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The first PUBLIC KEY (SubjectPublicKeyInfo) block in the PEM. */
    public static PublicKey readPublicKey(String pem) {
        for (Object object : parseAll(pem)) {
            if (object instanceof SubjectPublicKeyInfo info) {
                try {
                    return new JcaPEMKeyConverter().getPublicKey(info);
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException("invalid public key in PEM ("
                            + e.getClass().getSimpleName() + ")");
                }
            }
        }
        throw new IllegalArgumentException("no PUBLIC KEY block found in PEM");
    }

    /**
     * Re-creates EC keys through the JDK key factory, so that a key read from SEC1 (which
     * embeds the curve) has the same encoding as the key the JDK generated.
     */
    private static PrivateKey canonical(PrivateKey key) throws GeneralSecurityException {
        if (key instanceof java.security.interfaces.ECPrivateKey ec) {
            return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(ec.getS(), ec.getParams()));
        }
        return key;
    }

    private static IllegalArgumentException encrypted() {
        return new IllegalArgumentException("encrypted private keys are not supported; decrypt the key first");
    }

    private static List<Object> parseAll(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("PEM input is empty");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            // No cause attached: parser messages may quote the input, and the input may be a key.
            throw new IllegalArgumentException("malformed PEM (" + e.getClass().getSimpleName() + ")");
        }
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("no PEM block found (missing -----BEGIN ...----- line?)");
        }
        return objects;
    }

    private static ASN1Encodable parse(PrivateKeyInfo info) {
        try {
            return info.parsePrivateKey();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode private key (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] encoded(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot DER-encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static String write(List<?> objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PEM", e);
        }
        return out.toString();
    }
}
