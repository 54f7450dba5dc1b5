package dev.virtualsecrets.server.registry.dynamic;

import dev.virtualsecrets.api.VirtualSecretSource;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.registry.ObjectNames;
import dev.virtualsecrets.server.vault.lease.LeaseRequest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TLS certificates from Vault's PKI engine: a write to {@code <mount>/issue/<role>} with the common
 * name and alternative names from the admin's templates (e.g. {@code {suffix}.{namespace}.svc}).
 * Type {@code kubernetes.io/tls}; data {@code tls.crt}, {@code tls.key}, {@code ca.crt}. A
 * certificate has no lease: it ends at its notAfter.
 */
public final class PkiSource implements DynamicSource {

    private final String mount;
    private final NamePattern names;
    private final String roleTemplate;
    private final String commonNameTemplate;
    private final List<String> altNameTemplates;
    private final Duration ttl;

    public PkiSource(String mount, String namePattern, String roleTemplate, String commonNameTemplate,
                     List<String> altNameTemplates, Duration ttl) {
        this.mount = SourceTemplates.mount(mount);
        this.names = NamePattern.parse(namePattern);
        this.roleTemplate = SourceTemplates.requireKnownPlaceholders("pki roleTemplate", roleTemplate);
        this.commonNameTemplate = SourceTemplates.requireKnownPlaceholders("pki commonNameTemplate", commonNameTemplate);
        this.altNameTemplates = altNameTemplates == null ? List.of() : List.copyOf(altNameTemplates);
        this.altNameTemplates.forEach(template -> SourceTemplates.requireKnownPlaceholders("pki altNameTemplates", template));
        this.ttl = ttl;
    }

    @Override
    public String engine() {
        return VirtualSecretSource.ENGINE_PKI;
    }

    @Override
    public String type() {
        return VirtualSecrets.TYPE_TLS;
    }

    @Override
    public boolean serves(String name) {
        return names.matches(name);
    }

    @Override
    public LeaseRequest request(String namespace, String name) {
        String suffix = names.suffixOf(name).orElseThrow(() -> new IllegalArgumentException("not a PKI name"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("common_name", dnsName(commonNameTemplate, namespace, suffix));
        if (!altNameTemplates.isEmpty()) {
            body.put("alt_names", String.join(",",
                    altNameTemplates.stream().map(template -> dnsName(template, namespace, suffix)).toList()));
        }
        if (ttl != null) {
            body.put("ttl", ttl.toSeconds() + "s");
        }
        return LeaseRequest.write(mount + "/issue/" + SourceTemplates.role(roleTemplate, namespace, suffix), body);
    }

    private static String dnsName(String template, String namespace, String suffix) {
        String name = SourceTemplates.fill(template, namespace, suffix);
        if (!ObjectNames.dns1123Subdomain(name).isEmpty()) {
            throw new IllegalArgumentException("the PKI name template gives no valid DNS name");
        }
        return name;
    }

    @Override
    public Map<String, String> data(Map<String, Object> vaultData) {
        Map<String, String> data = new TreeMap<>();
        data.put("tls.crt", text(vaultData.get("certificate")));
        data.put("tls.key", text(vaultData.get("private_key")));
        data.put("ca.crt", text(vaultData.get("issuing_ca")));
        return data;
    }

    @Override
    public Instant end(Map<String, Object> vaultData) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(text(vaultData.get("certificate")).getBytes(StandardCharsets.US_ASCII)));
            return certificate.getNotAfter().toInstant();
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalStateException("Vault's PKI engine returned no readable certificate", e);
        }
    }

    private static String text(Object value) {
        String text = value == null ? "" : value.toString();
        return text.endsWith("\n") || text.isEmpty() ? text : text + "\n";
    }
}
