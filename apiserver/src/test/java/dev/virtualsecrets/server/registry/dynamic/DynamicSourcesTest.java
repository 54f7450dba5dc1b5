package dev.virtualsecrets.server.registry.dynamic;

import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.certs.CertificateAuthority;
import dev.virtualsecrets.certs.Pem;
import dev.virtualsecrets.server.vault.lease.LeaseRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamicSourcesTest {

    private final DatabaseSource database = new DatabaseSource("database/", "db-{suffix}", "{namespace}-{suffix}",
            Map.of("host", "127.0.0.1", "port", "5432"));
    private final PkiSource pki = new PkiSource("pki", "tls-{suffix}", "{namespace}", "{suffix}.{namespace}.svc",
            List.of("{suffix}.{namespace}.svc.cluster.local"), Duration.ofHours(1));

    @Test
    void aDatabaseNameReadsTheCredentialsOfItsNamespacesRole() {
        assertTrue(database.serves("db-app"));
        assertFalse(database.serves("tls-web"));
        assertEquals(LeaseRequest.read("database/creds/demo-app"), database.request("demo", "db-app"));
    }

    @Test
    void databaseDataHoldsTheCredentialsAndTheConnectionHints() {
        Map<String, String> data = database.data(Map.of("username", "v-demo-app-x", "password", "p", "ignored", "y"));
        assertEquals(Map.of("username", "v-demo-app-x", "password", "p", "host", "127.0.0.1", "port", "5432"), data);
        assertNull(database.end(Map.of()), "database credentials end with their lease");
    }

    @Test
    void hintsMayNotReplaceTheCredentials() {
        assertThrows(IllegalArgumentException.class, () -> new DatabaseSource("database", "db-{suffix}",
                "{namespace}-{suffix}", Map.of("password", "x")));
    }

    @Test
    void templatesMayOnlyUseNamespaceAndSuffix() {
        assertThrows(IllegalArgumentException.class, () -> new DatabaseSource("database", "db-{suffix}",
                "{name}", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new PkiSource("pki", "tls-{suffix}", "{namespace}",
                "{user}.svc", List.of(), null));
    }

    @Test
    void aRoleThatWouldLeaveItsPathIsRefused() {
        DatabaseSource dotted = new DatabaseSource("database", "db-{suffix}", "{suffix}", Map.of());
        assertThrows(IllegalArgumentException.class, () -> dotted.request("demo", "db-.."));
    }

    @Test
    void aTlsNameIssuesACertificateForItsServiceName() {
        LeaseRequest request = pki.request("demo", "tls-web");
        assertEquals("pki/issue/demo", request.path());
        assertEquals(Map.of("common_name", "web.demo.svc", "alt_names", "web.demo.svc.cluster.local", "ttl", "3600s"),
                request.body());
        assertEquals(VirtualSecrets.TYPE_TLS, pki.type());
    }

    @Test
    void pkiDataFollowsTheKubernetesTlsSecretAndEndsAtNotAfter() {
        CertificateAuthority ca = CertificateAuthority.create("test CA", Duration.ofDays(1));
        String certificate = Pem.certificate(ca.certificate());
        Map<String, String> data = pki.data(Map.of("certificate", certificate, "private_key", "KEY",
                "issuing_ca", certificate));
        assertEquals(List.of("ca.crt", "tls.crt", "tls.key"), List.copyOf(data.keySet()));
        assertEquals("KEY\n", data.get("tls.key"));
        assertEquals(ca.certificate().getNotAfter().toInstant(), pki.end(Map.of("certificate", certificate)));
    }
}
