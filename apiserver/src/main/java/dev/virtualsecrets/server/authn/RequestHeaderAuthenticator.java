package dev.virtualsecrets.server.authn;

import dev.virtualsecrets.certs.CertificateSubject;
import dev.virtualsecrets.server.user.CallerIdentity;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * kube-apiserver's front proxy: {@code X-Remote-User}/{@code -Group}/{@code -Extra-*} headers,
 * trusted only when the client certificate chains to the request-header CA, allows client
 * authentication and has an allowed CN (an empty allowed list means any CN). From anyone else
 * these headers are ignored.
 */
public final class RequestHeaderAuthenticator implements Authenticator {

    /** The header names and allowed CNs; a supplier so that a watched ConfigMap can change them. */
    public record Settings(List<String> allowedNames, List<String> usernameHeaders, List<String> groupHeaders,
                           List<String> extraHeaderPrefixes) {
        public Settings {
            allowedNames = List.copyOf(allowedNames);
            usernameHeaders = List.copyOf(usernameHeaders);
            groupHeaders = List.copyOf(groupHeaders);
            extraHeaderPrefixes = extraHeaderPrefixes.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
        }
    }

    private final X509Verifier verifier;
    private final Supplier<Settings> settings;

    public RequestHeaderAuthenticator(X509Verifier verifier, Supplier<Settings> settings) {
        this.verifier = verifier;
        this.settings = settings;
    }

    @Override
    public Optional<CallerIdentity> authenticate(AuthenticationRequest request) {
        Settings current = settings.get();
        Optional<X509Certificate> proxy = verifier.verify(request.peerCertificates());
        if (proxy.isEmpty() || !allowed(current, proxy.get())) {
            return Optional.empty();
        }
        String user = firstValue(request, current.usernameHeaders());
        if (user == null) {
            return Optional.empty();
        }
        List<String> groups = new ArrayList<>();
        for (String header : current.groupHeaders()) {
            groups.addAll(request.header(header));
        }
        return Optional.of(new CallerIdentity(user, groups, extras(request, current.extraHeaderPrefixes())));
    }

    private static boolean allowed(Settings settings, X509Certificate proxy) {
        return settings.allowedNames().isEmpty()
                || settings.allowedNames().contains(CertificateSubject.of(proxy).commonName());
    }

    private static String firstValue(AuthenticationRequest request, List<String> headers) {
        for (String header : headers) {
            for (String value : request.header(header)) {
                if (!value.isEmpty()) {
                    return value;
                }
            }
        }
        return null;
    }

    /** A key that is not valid %-encoding is kept as sent, like k8s.io/apiserver's unescapeExtraKey. */
    private static String unescapeExtraKey(String encoded) {
        try {
            return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return encoded;
        }
    }

    /** Extra keys are lower-cased and URL-unescaped (path-style: "+" stays "+"), as k8s.io/apiserver does. */
    private static Map<String, List<String>> extras(AuthenticationRequest request, List<String> prefixes) {
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            for (String prefix : prefixes) {
                if (header.getKey().startsWith(prefix) && header.getKey().length() > prefix.length()) {
                    String key = unescapeExtraKey(header.getKey().substring(prefix.length()).toLowerCase(Locale.ROOT));
                    extra.computeIfAbsent(key, k -> new ArrayList<>()).addAll(header.getValue());
                }
            }
        }
        extra.replaceAll((key, values) -> List.copyOf(values));
        return extra;
    }
}
