package dev.virtualsecrets.certs;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * A self-signed serving certificate for a server started without one. It lives in memory
 * only; clients must trust it explicitly (or skip verification, as a test APIService may).
 */
public final class SelfSigned {

    static final Duration VALIDITY = Duration.ofDays(365);
    static final String FALLBACK_COMMON_NAME = "virtualsecrets-self-signed";

    private SelfSigned() {
    }

    /** Common name: the first DNS name, or the first IP address if there is no DNS name. */
    public static IssuedCertificate serving(List<String> dnsNames, List<String> ipAddresses) {
        String commonName = !dnsNames.isEmpty() ? dnsNames.getFirst()
                : !ipAddresses.isEmpty() ? ipAddresses.getFirst() : FALLBACK_COMMON_NAME;
        X500Name name = CertificateAuthority.commonNameOnly(commonName);
        KeyPair keys = KeyAlgorithm.DEFAULT.generateKeyPair();
        X509Certificate certificate = new CertificateSigner().sign(
                name, keys.getPrivate(), keys.getPublic(), name, keys.getPublic(), VALIDITY,
                List.of(Extensions.basicConstraints(false),
                        Extensions.keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment),
                        Extensions.subjectAlternativeNames(dnsNames, ipAddresses),
                        Extensions.extendedKeyUsage(KeyPurposeId.id_kp_serverAuth)));
        return new IssuedCertificate(certificate, keys.getPrivate(), List.of(certificate));
    }
}
