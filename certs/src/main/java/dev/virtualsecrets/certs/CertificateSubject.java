package dev.virtualsecrets.certs;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate subject read the way Kubernetes reads a client certificate: the common name is
 * the user, each organization is a group.
 *
 * @param commonName    the first CN, or null if the subject has none
 * @param organizations every O, in subject order
 */
public record CertificateSubject(String commonName, List<String> organizations) {

    public CertificateSubject {
        organizations = List.copyOf(organizations);
    }

    public static CertificateSubject of(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        List<String> commonNames = values(subject, BCStyle.CN);
        return new CertificateSubject(commonNames.isEmpty() ? null : commonNames.getFirst(),
                values(subject, BCStyle.O));
    }

    private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
        List<String> values = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(type)) {
                    values.add(attribute.getValue() instanceof ASN1String text
                            ? text.getString() : IETFUtils.valueToString(attribute.getValue()));
                }
            }
        }
        return values;
    }
}
