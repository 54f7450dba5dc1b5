package dev.virtualsecrets.certs;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.util.IPAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The X.509 extensions our certificates carry, built in one place. */
final class Extensions {

    private Extensions() {
    }

    static Extension basicConstraints(boolean ca) {
        return create(Extension.basicConstraints, true, new BasicConstraints(ca));
    }

    static Extension keyUsage(int usages) {
        return create(Extension.keyUsage, true, new KeyUsage(usages));
    }

    static Extension extendedKeyUsage(KeyPurposeId purpose) {
        return create(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    }

    static Extension subjectAlternativeNames(List<String> dnsNames, List<String> ipAddresses) {
        List<GeneralName> names = new ArrayList<>();
        for (String dnsName : dnsNames) {
            if (dnsName == null || dnsName.isBlank()) {
                throw new IllegalArgumentException("DNS names must not be blank");
            }
            names.add(new GeneralName(GeneralName.dNSName, dnsName.strip()));
        }
        for (String ip : ipAddresses) {
            String address = ip == null ? "" : ip.strip();
            if (!IPAddress.isValid(address)) {
                throw new IllegalArgumentException("not an IP address: '" + ip + "'");
            }
            names.add(new GeneralName(GeneralName.iPAddress, address));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(
                    "a serving certificate needs at least one DNS name or IP address: clients match only SANs");
        }
        return create(Extension.subjectAlternativeName, false,
                new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    private static Extension create(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return Extension.create(oid, critical, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode extension " + oid, e);
        }
    }
}
