package dev.virtualsecrets.certs;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate authority that issues serving and client certificates. Kubernetes reads a
 * client certificate's subject as the user: CN is the user name, each O is a group.
 */
public final class CertificateAuthority {

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final CertificateSigner signer = new CertificateSigner();

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** A new self-signed CA with an RSA 2048 key. */
    public static CertificateAuthority create(String commonName, Duration validity) {
        return create(commonName, validity, KeyAlgorithm.DEFAULT);
    }

    public static CertificateAuthority create(String commonName, Duration validity, KeyAlgorithm keyAlgorithm) {
        X500Name name = commonNameOnly(commonName);
        KeyPair keys = keyAlgorithm.generateKeyPair();
        X509Certificate certificate = new CertificateSigner().sign(
                name, keys.getPrivate(), keys.getPublic(), name, keys.getPublic(), validity,
                List.of(Extensions.basicConstraints(true),
                        Extensions.keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)));
        return new CertificateAuthority(certificate, keys.getPrivate());
    }

    /**
     * Loads a CA from PEM files (for example ones written by {@code CertTool ca}).
     *
     * @throws IllegalArgumentException if the certificate is not a CA or the key does not belong to it
     */
    public static CertificateAuthority load(Path certPem, Path keyPem) {
        List<X509Certificate> certificates = Pem.readCertificates(certPem);
        X509Certificate certificate = certificates.getFirst();
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(certPem + " is not a CA certificate (basicConstraints CA:false)");
        }
        PrivateKey privateKey = Pem.readPrivateKey(keyPem);
        if (!KeyAlgorithm.belongTogether(privateKey, certificate.getPublicKey())) {
            throw new IllegalArgumentException("the private key in " + keyPem
                    + " does not belong to the certificate in " + certPem);
        }
        return new CertificateAuthority(certificate, privateKey);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Writes the CA certificate and key as PEM, the key readable by its owner only. */
    public void writeTo(Path certFile, Path keyFile) {
        new IssuedCertificate(certificate, privateKey, List.of(certificate)).writeTo(certFile, keyFile);
    }

    /** A TLS server certificate (EKU serverAuth) for the given DNS names and IP addresses. */
    public IssuedCertificate issueServing(String commonName, List<String> dnsNames, List<String> ipAddresses,
                                          Duration validity) {
        return issueServing(commonName, dnsNames, ipAddresses, validity, KeyAlgorithm.DEFAULT);
    }

    public IssuedCertificate issueServing(String commonName, List<String> dnsNames, List<String> ipAddresses,
                                          Duration validity, KeyAlgorithm keyAlgorithm) {
        return issue(commonNameOnly(commonName), validity, keyAlgorithm,
                Extensions.subjectAlternativeNames(dnsNames, ipAddresses),
                Extensions.extendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    }

    /** A TLS client certificate (EKU clientAuth) with subject CN=user and one O per group. */
    public IssuedCertificate issueClient(String user, List<String> groups, Duration validity) {
        return issueClient(user, groups, validity, KeyAlgorithm.DEFAULT);
    }

    public IssuedCertificate issueClient(String user, List<String> groups, Duration validity,
                                         KeyAlgorithm keyAlgorithm) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        for (String group : groups) {
            subject.addRDN(BCStyle.O, requireNonBlank(group, "group"));
        }
        subject.addRDN(BCStyle.CN, requireNonBlank(user, "user"));
        return issue(subject.build(), validity, keyAlgorithm,
                Extensions.extendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    }

    private IssuedCertificate issue(X500Name subject, Duration validity, KeyAlgorithm keyAlgorithm,
                                    Extension... purposeExtensions) {
        KeyPair keys = keyAlgorithm.generateKeyPair();
        List<Extension> extensions = new ArrayList<>(List.of(
                Extensions.basicConstraints(false),
                Extensions.keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment)));
        extensions.addAll(List.of(purposeExtensions));
        X509Certificate issued = signer.sign(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                privateKey, certificate.getPublicKey(), subject, keys.getPublic(), validity, extensions);
        return new IssuedCertificate(issued, keys.getPrivate(), List.of(issued, certificate));
    }

    static X500Name commonNameOnly(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, requireNonBlank(commonName, "common name"))
                .build();
    }

    private static String requireNonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
