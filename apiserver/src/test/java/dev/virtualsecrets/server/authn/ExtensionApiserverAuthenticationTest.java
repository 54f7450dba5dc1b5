package dev.virtualsecrets.server.authn;

import dev.virtualsecrets.certs.CertificateAuthority;
import dev.virtualsecrets.certs.KeyAlgorithm;
import dev.virtualsecrets.certs.Pem;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * How {@code kube-system/extension-apiserver-authentication} becomes authentication settings. The
 * watch itself, against a real kube-apiserver rotating the front-proxy CA, is FrontProxyCaRotationIT.
 */
class ExtensionApiserverAuthenticationTest {

    private static final Duration DAY = Duration.ofDays(1);

    private static CertificateAuthority clientCa;
    private static CertificateAuthority otherClientCa;
    private static CertificateAuthority proxyCa;
    private static CertificateAuthority rotatedProxyCa;

    /** Not started: nothing here talks to a cluster. */
    private final ExtensionApiserverAuthentication fromCluster = new ExtensionApiserverAuthentication(new ApiClient());

    @BeforeAll
    static void createCas() {
        clientCa = CertificateAuthority.create("client-ca", DAY, KeyAlgorithm.EC_P256);
        otherClientCa = CertificateAuthority.create("other-client-ca", DAY, KeyAlgorithm.EC_P256);
        proxyCa = CertificateAuthority.create("front-proxy-ca", DAY, KeyAlgorithm.EC_P256);
        rotatedProxyCa = CertificateAuthority.create("front-proxy-ca-2", DAY, KeyAlgorithm.EC_P256);
    }

    /** The ConfigMap as kube-apiserver writes it: requestheader-* lists are JSON arrays inside strings. */
    private static Map<String, String> asKubeApiserverWritesIt(CertificateAuthority frontProxyCa) {
        Map<String, String> data = new HashMap<>();
        data.put("client-ca-file", Pem.certificate(clientCa.certificate()));
        data.put("requestheader-client-ca-file", Pem.certificate(frontProxyCa.certificate()));
        data.put("requestheader-allowed-names", "[\"front-proxy-client\"]");
        data.put("requestheader-username-headers", "[\"X-Remote-User\"]");
        data.put("requestheader-group-headers", "[\"X-Remote-Group\"]");
        data.put("requestheader-extra-headers-prefix", "[\"X-Remote-Extra-\"]");
        return data;
    }

    private static V1ConfigMap configMap(Map<String, String> data) {
        return new V1ConfigMap().metadata(new V1ObjectMeta().namespace("kube-system")
                .name("extension-apiserver-authentication")).data(data);
    }

    @Test
    void theRequestHeaderListsAreReadFromJsonArraysInsideStrings() {
        AuthenticationSettings settings = ExtensionApiserverAuthentication.parse(asKubeApiserverWritesIt(proxyCa));

        RequestHeaderAuthenticator.Settings requestHeader = settings.requestHeader();
        assertEquals(List.of("front-proxy-client"), requestHeader.allowedNames());
        assertEquals(List.of("X-Remote-User"), requestHeader.usernameHeaders());
        assertEquals(List.of("X-Remote-Group"), requestHeader.groupHeaders());
        assertEquals(List.of("x-remote-extra-"), requestHeader.extraHeaderPrefixes());
    }

    @Test
    void aListMayHoldSeveralValuesInOrder() {
        assertEquals(List.of("front-proxy-client", "aggregator"),
                ExtensionApiserverAuthentication.jsonList("[\"front-proxy-client\",\"aggregator\"]"));
    }

    @Test
    void theCaBundlesAreReadWithEveryCertificateTheyHold() {
        Map<String, String> data = asKubeApiserverWritesIt(proxyCa);
        data.put("client-ca-file", Pem.certificates(List.of(clientCa.certificate(), otherClientCa.certificate())));

        AuthenticationSettings settings = ExtensionApiserverAuthentication.parse(data);

        assertEquals(List.of(clientCa.certificate(), otherClientCa.certificate()), settings.clientCas());
        assertEquals(List.of(proxyCa.certificate()), settings.requestHeaderCas());
    }

    @Test
    void absentOrEmptyValuesTrustNothingAndAllowAnyName() {
        // Without requestheader-client-ca-file no front proxy is trusted; an empty allowed-names list means any CN.
        AuthenticationSettings settings = ExtensionApiserverAuthentication.parse(Map.of(
                "client-ca-file", Pem.certificate(clientCa.certificate()),
                "requestheader-allowed-names", "[]",
                "requestheader-username-headers", ""));

        assertEquals(List.of(clientCa.certificate()), settings.clientCas());
        assertEquals(List.of(), settings.requestHeaderCas());
        assertEquals(new RequestHeaderAuthenticator.Settings(List.of(), List.of(), List.of(), List.of()),
                settings.requestHeader());
    }

    @Test
    void aConfigMapWithoutDataTrustsNothing() {
        fromCluster.apply(new V1ConfigMap().metadata(new V1ObjectMeta().name("extension-apiserver-authentication")));

        assertEquals(List.of(), fromCluster.current().clientCas());
        assertEquals(List.of(), fromCluster.current().requestHeaderCas());
    }

    @Test
    void aChangedConfigMapReplacesTheSettingsSoARotatedFrontProxyCaApplies() {
        fromCluster.apply(configMap(asKubeApiserverWritesIt(proxyCa)));
        assertEquals(List.of(proxyCa.certificate()), fromCluster.current().requestHeaderCas());

        Map<String, String> rotated = asKubeApiserverWritesIt(rotatedProxyCa);
        rotated.put("requestheader-allowed-names", "[\"front-proxy-client-2\"]");
        fromCluster.apply(configMap(rotated));

        assertEquals(List.of(rotatedProxyCa.certificate()), fromCluster.current().requestHeaderCas());
        assertEquals(List.of("front-proxy-client-2"), fromCluster.current().requestHeader().allowedNames());
    }

    @Test
    void aMalformedConfigMapIsRefusedAndTheLastGoodSettingsStay() {
        fromCluster.apply(configMap(asKubeApiserverWritesIt(proxyCa)));
        AuthenticationSettings good = fromCluster.current();

        Map<String, String> notAnArray = asKubeApiserverWritesIt(rotatedProxyCa);
        notAnArray.put("requestheader-allowed-names", "front-proxy-client");
        assertThrows(IllegalStateException.class, () -> fromCluster.apply(configMap(notAnArray)));

        Map<String, String> notPem = asKubeApiserverWritesIt(rotatedProxyCa);
        notPem.put("requestheader-client-ca-file", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        assertThrows(IllegalArgumentException.class, () -> fromCluster.apply(configMap(notPem)));

        assertSame(good, fromCluster.current());
    }
}
