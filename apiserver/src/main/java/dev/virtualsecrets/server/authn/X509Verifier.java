package dev.virtualsecrets.server.authn;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Verifies a client certificate chain against one CA bundle, for client authentication: the TLS
 * layer accepts any client certificate, so each authenticator checks the chain against its own
 * CA here (like Go's x509 verify with ExtKeyUsageClientAuth).
 */
public final class X509Verifier {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private static final int MAX_CACHED = 4096;
    private static final Duration NEGATIVE_TTL = Duration.ofMinutes(1);

    private final Supplier<List<X509Certificate>> caBundle;
    private final Clock clock;
    /** PKIX validation costs about a millisecond; a client sends the same chain on every request. */
    private final Map<Key, Verdict> verdicts = new ConcurrentHashMap<>();

    /** {@code caBundle} is asked on every verification, so a rotated bundle applies at once. */
    public X509Verifier(Supplier<List<X509Certificate>> caBundle) {
        this(caBundle, Clock.systemUTC());
    }

    X509Verifier(Supplier<List<X509Certificate>> caBundle, Clock clock) {
        this.caBundle = caBundle;
        this.clock = clock;
    }

    /** The verified leaf, or empty when the chain does not lead to the bundle or may not authenticate clients. */
    public Optional<X509Certificate> verify(List<X509Certificate> chain) {
        List<X509Certificate> cas = caBundle.get();
        if (chain.isEmpty() || cas == null || cas.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Key key = new Key(chain, cas);
        Verdict verdict = verdicts.get(key);
        if (verdict == null || now.isAfter(verdict.until())) {
            verdict = validate(chain, cas, now);
            if (verdicts.size() >= MAX_CACHED) {
                verdicts.clear();
            }
            verdicts.put(key, verdict);
        }
        return verdict.valid() ? Optional.of(chain.getFirst()) : Optional.empty();
    }

    /** A valid chain stays valid until its first certificate expires; a refusal is re-checked after a minute. */
    private static Verdict validate(List<X509Certificate> chain, List<X509Certificate> cas, Instant now) {
        if (!validChain(chain, cas, now)) {
            return new Verdict(false, now.plus(NEGATIVE_TTL));
        }
        Instant until = Instant.MAX;
        for (X509Certificate certificate : chain) {
            Instant notAfter = certificate.getNotAfter().toInstant();
            until = notAfter.isBefore(until) ? notAfter : until;
        }
        return new Verdict(true, until);
    }

    private static boolean validChain(List<X509Certificate> chain, List<X509Certificate> cas, Instant now) {
        X509Certificate leaf = chain.getFirst();
        if (!allowsClientAuth(leaf)) {
            return false;
        }
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate ca : cas) {
                anchors.add(new TrustAnchor(ca, null));
            }
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(withoutAnchors(chain, cas));
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Certificates compare by their encoding, so equal chains and bundles share a verdict. */
    private record Key(List<X509Certificate> chain, List<X509Certificate> cas) {
    }

    private record Verdict(boolean valid, Instant until) {
    }

    private static boolean allowsClientAuth(X509Certificate leaf) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            return usages == null || usages.contains(CLIENT_AUTH) || usages.contains(ANY_EXTENDED_KEY_USAGE);
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }

    /** PKIX wants the path without the trust anchor; clients sometimes send the CA too. */
    private static List<X509Certificate> withoutAnchors(List<X509Certificate> chain, List<X509Certificate> cas) {
        return chain.stream().filter(cert -> !cas.contains(cert)).toList();
    }
}
