package dev.virtualsecrets.server.authn;

import dev.virtualsecrets.certs.CertificateAuthority;
import dev.virtualsecrets.certs.IssuedCertificate;
import dev.virtualsecrets.certs.KeyAlgorithm;
import dev.virtualsecrets.server.user.CallerIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestHeaderAuthenticatorTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final RequestHeaderAuthenticator.Settings DEFAULTS = settings(List.of("front-proxy-client"));

    private static CertificateAuthority proxyCa;
    private static CertificateAuthority clientCa;
    private static IssuedCertificate proxy;
    private static IssuedCertificate otherProxy;
    private static IssuedCertificate clientUser;
    private static X509Verifier proxyVerifier;

    @BeforeAll
    static void setUp() {
        proxyCa = CertificateAuthority.create("front-proxy-ca", DAY, KeyAlgorithm.EC_P256);
        clientCa = CertificateAuthority.create("client-ca", DAY, KeyAlgorithm.EC_P256);
        proxy = proxyCa.issueClient("front-proxy-client", List.of(), DAY, KeyAlgorithm.EC_P256);
        otherProxy = proxyCa.issueClient("someone-else", List.of(), DAY, KeyAlgorithm.EC_P256);
        clientUser = clientCa.issueClient("jane", List.of("developers"), DAY, KeyAlgorithm.EC_P256);
        List<X509Certificate> bundle = List.of(proxyCa.certificate());
        proxyVerifier = new X509Verifier(() -> bundle);
    }

    private static RequestHeaderAuthenticator.Settings settings(List<String> allowedNames) {
        return new RequestHeaderAuthenticator.Settings(allowedNames, List.of("X-Remote-User"),
                List.of("X-Remote-Group"), List.of("X-Remote-Extra-"));
    }

    private static RequestHeaderAuthenticator authenticator(RequestHeaderAuthenticator.Settings settings) {
        return new RequestHeaderAuthenticator(proxyVerifier, () -> settings);
    }

    /** Headers as the HTTP layer hands them over: keys lower-case. */
    private static AuthenticationRequest request(IssuedCertificate client, Map<String, List<String>> headers) {
        return new AuthenticationRequest(client == null ? List.of() : client.chain(), headers);
    }

    private static Map<String, List<String>> janeHeaders() {
        return Map.of("x-remote-user", List.of("jane"), "x-remote-group", List.of("developers"));
    }

    @Test
    void trustedProxyNamesTheUserAndGroups() {
        Optional<CallerIdentity> caller = authenticator(DEFAULTS).authenticate(request(proxy, Map.of(
                "x-remote-user", List.of("jane"),
                "x-remote-group", List.of("developers", "system:masters"))));

        assertEquals(Optional.of(new CallerIdentity("jane", List.of("developers", "system:masters"), Map.of())), caller);
    }

    @Test
    void aProxyCertificateWithAnotherCnIsNotTrusted() {
        assertEquals(Optional.empty(), authenticator(DEFAULTS).authenticate(request(otherProxy, janeHeaders())));
    }

    @Test
    void anEmptyAllowedListTrustsAnyCnOfTheProxyCa() {
        RequestHeaderAuthenticator any = authenticator(settings(List.of()));

        assertEquals("jane", any.authenticate(request(otherProxy, janeHeaders())).orElseThrow().user());
        assertEquals("jane", any.authenticate(request(proxy, janeHeaders())).orElseThrow().user());
    }

    @Test
    void aClientCaCertificateWithRemoteUserHeadersIsNotAuthenticated() {
        assertEquals(Optional.empty(), authenticator(DEFAULTS).authenticate(request(clientUser, Map.of(
                "x-remote-user", List.of("admin"), "x-remote-group", List.of("system:masters")))));
        assertEquals(Optional.empty(), authenticator(settings(List.of())).authenticate(request(clientUser, Map.of(
                "x-remote-user", List.of("admin"), "x-remote-group", List.of("system:masters")))));
    }

    @Test
    void headersWithoutAnyCertificateAreNotAuthenticated() {
        assertEquals(Optional.empty(), authenticator(settings(List.of())).authenticate(request(null, janeHeaders())));
    }

    @Test
    void aServingCertificateOfTheProxyCaIsNotTrusted() {
        IssuedCertificate serving = proxyCa.issueServing("front-proxy-client", List.of("localhost"), List.of(), DAY,
                KeyAlgorithm.EC_P256);

        assertEquals(Optional.empty(), authenticator(DEFAULTS).authenticate(request(serving, janeHeaders())));
    }

    @Test
    void noUsernameHeaderDoesNotApply() {
        assertEquals(Optional.empty(), authenticator(DEFAULTS).authenticate(request(proxy, Map.of(
                "x-remote-group", List.of("developers")))));
        assertEquals(Optional.empty(), authenticator(DEFAULTS).authenticate(request(proxy, Map.of(
                "x-remote-user", List.of("")))));
    }

    @Test
    void usernameComesFromTheFirstNonEmptyUsernameHeader() {
        RequestHeaderAuthenticator.Settings twoHeaders = new RequestHeaderAuthenticator.Settings(List.of(),
                List.of("X-Remote-User", "X-Forwarded-User"), List.of("X-Remote-Group"), List.of());

        RequestHeaderAuthenticator authenticator = authenticator(twoHeaders);

        assertEquals("bob", authenticator.authenticate(request(proxy, Map.of(
                "x-remote-user", List.of(""), "x-forwarded-user", List.of("bob")))).orElseThrow().user());
        assertEquals("jane", authenticator.authenticate(request(proxy, Map.of(
                "x-remote-user", List.of("jane"), "x-forwarded-user", List.of("bob")))).orElseThrow().user());
        assertEquals("bob", authenticator.authenticate(request(proxy, Map.of(
                "x-forwarded-user", List.of("bob")))).orElseThrow().user());
    }

    @Test
    void groupsComeFromEveryGroupHeaderInOrder() {
        RequestHeaderAuthenticator.Settings twoGroupHeaders = new RequestHeaderAuthenticator.Settings(List.of(),
                List.of("X-Remote-User"), List.of("X-Remote-Group", "X-Other-Group"), List.of());

        CallerIdentity caller = authenticator(twoGroupHeaders).authenticate(request(proxy, Map.of(
                "x-remote-user", List.of("jane"),
                "x-remote-group", List.of("a", "b"),
                "x-other-group", List.of("c")))).orElseThrow();

        assertEquals(List.of("a", "b", "c"), caller.groups());
    }

    @Test
    void extraHeadersAreLowerCasedAndUrlUnescapedKeepingPlus() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("x-remote-user", List.of("jane"));
        headers.put("x-remote-extra-scopes", List.of("openid", "profile"));
        headers.put("x-remote-extra-example.com%2fteam", List.of("payments"));
        headers.put("x-remote-extra-a+b%20c", List.of("x"));
        headers.put("x-remote-group", List.of("developers"));

        CallerIdentity caller = authenticator(DEFAULTS).authenticate(request(proxy, headers)).orElseThrow();

        assertEquals(Map.of(
                "scopes", List.of("openid", "profile"),
                "example.com/team", List.of("payments"),
                "a+b c", List.of("x")), caller.extra());
        assertEquals(List.of("developers"), caller.groups());
    }

    /** k8s.io/apiserver keeps a key it cannot unescape as it is (unescapeExtraKey). */
    @Test
    void aMalformedEscapeInAnExtraKeyIsKeptAsIs() {
        CallerIdentity caller = authenticator(DEFAULTS).authenticate(request(proxy, Map.of(
                "x-remote-user", List.of("jane"),
                "x-remote-extra-bad%zzkey", List.of("v")))).orElseThrow();

        assertEquals(Map.of("bad%zzkey", List.of("v")), caller.extra());
    }

    @Test
    void settingsAreReadOnEveryRequest() {
        AtomicReference<RequestHeaderAuthenticator.Settings> current = new AtomicReference<>(DEFAULTS);
        RequestHeaderAuthenticator authenticator = new RequestHeaderAuthenticator(proxyVerifier, current::get);

        assertTrue(authenticator.authenticate(request(otherProxy, janeHeaders())).isEmpty());

        current.set(settings(List.of("someone-else")));

        assertEquals("jane", authenticator.authenticate(request(otherProxy, janeHeaders())).orElseThrow().user());
        assertTrue(authenticator.authenticate(request(proxy, janeHeaders())).isEmpty());
    }
}
