package dev.virtualsecrets.certs;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;

/**
 * Builds and signs one X.509 v3 certificate. Uses the JDK's providers (BouncyCastle is never
 * registered globally), so the resulting objects are plain JDK certificates and keys.
 */
final class CertificateSigner {

    /** Tolerates clock skew between the machine that issues and the one that verifies. */
    private static final Duration BACKDATE = Duration.ofMinutes(1);

    private final SecureRandom random = new SecureRandom();

    X509Certificate sign(X500Name issuer, PrivateKey issuerKey, PublicKey issuerPublicKey,
                         X500Name subject, PublicKey subjectKey, Duration validity,
                         List<Extension> extensions) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try {
            JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer, serialNumber(), Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)),
                    subject, subjectKey);
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensionUtils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensionUtils.createAuthorityKeyIdentifier(issuerPublicKey));
            for (Extension extension : extensions) {
                builder.addExtension(extension);
            }
            ContentSigner signer = new JcaContentSignerBuilder(KeyAlgorithm.of(issuerKey).signatureAlgorithm())
                    .build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot sign certificate for " + subject, e);
        }
    }

    /** Positive, at most 20 octets (RFC 5280 4.1.2.2), unpredictable. */
    private BigInteger serialNumber() {
        return new BigInteger(159, random).add(BigInteger.ONE);
    }
}
