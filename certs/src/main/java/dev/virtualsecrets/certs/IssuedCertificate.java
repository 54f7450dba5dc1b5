package dev.virtualsecrets.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate with its private key.
 *
 * @param certificate the issued (leaf) certificate
 * @param privateKey  its private key
 * @param chain       leaf first, then the issuing CA: what a key store entry or a TLS peer needs
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

    public IssuedCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty() || !chain.getFirst().equals(certificate)) {
            throw new IllegalArgumentException("the chain must start with the certificate itself");
        }
    }

    /** The leaf certificate as PEM. */
    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    /** The private key as PKCS#8 PEM ("PRIVATE KEY"). */
    public String privateKeyPem() {
        return Pem.privateKey(privateKey);
    }

    /** Writes the leaf certificate and the key (owner-only permissions where POSIX). */
    public void writeTo(Path certFile, Path keyFile) {
        try {
            PrivateFiles.write(keyFile, privateKeyPem());
            Files.writeString(certFile, certificatePem());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + certFile + " / " + keyFile, e);
        }
    }

    /** Names the subject only: the key must never end up in a log line. */
    @Override
    public String toString() {
        return "IssuedCertificate{subject=" + certificate.getSubjectX500Principal().getName()
                + ", serial=" + certificate.getSerialNumber().toString(16)
                + ", notAfter=" + certificate.getNotAfter().toInstant() + "}";
    }
}
