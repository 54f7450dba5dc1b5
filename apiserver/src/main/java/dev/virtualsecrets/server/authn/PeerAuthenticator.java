package dev.virtualsecrets.server.authn;

import dev.virtualsecrets.server.user.CallerIdentity;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Requests a peer replica forwarded to this one (it owns the caller's identity): the caller is in
 * the {@code X-VirtualSecrets-Forwarded-*} headers, believed only when the bearer token is
 * reviewed as the server's own ServiceAccount ({@code peerUser}), as kube-apiserver's front-proxy
 * headers are believed only with its client certificate. Without such a token the headers are
 * ignored and the request authenticates as whoever its credentials say.
 */
public final class PeerAuthenticator implements Authenticator {

    static final String USER = "x-virtualsecrets-forwarded-user";
    static final String GROUP = "x-virtualsecrets-forwarded-group";
    static final String EXTRA_PREFIX = "x-virtualsecrets-forwarded-extra-";

    private final Authenticator bearer;
    private final String peerUser;

    /**
     * @param bearer   the bearer-token authenticator (TokenReview)
     * @param peerUser the server's ServiceAccount user, e.g. system:serviceaccount:virtualsecrets:virtualsecrets
     */
    public PeerAuthenticator(Authenticator bearer, String peerUser) {
        this.bearer = bearer;
        this.peerUser = peerUser;
    }

    /** Whether the request carries a forwarded caller (from a peer, or pretending to be). */
    public static boolean forwarded(Map<String, List<String>> lowerCaseHeaders) {
        return lowerCaseHeaders.containsKey(USER);
    }

    @Override
    public Optional<CallerIdentity> authenticate(AuthenticationRequest request) {
        List<String> users = request.header(USER);
        if (users.size() != 1 || users.getFirst().isEmpty()) {
            return Optional.empty();
        }
        Optional<CallerIdentity> sender = bearer.authenticate(request);
        if (sender.isEmpty() || !sender.get().user().equals(peerUser)) {
            return Optional.empty();
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (name.startsWith(EXTRA_PREFIX)) {
                String key = URLDecoder.decode(name.substring(EXTRA_PREFIX.length()), StandardCharsets.UTF_8)
                        .toLowerCase(Locale.ROOT);
                extra.computeIfAbsent(key, k -> new ArrayList<>()).addAll(values);
            }
        });
        return Optional.of(new CallerIdentity(users.getFirst(), request.header(GROUP), extra));
    }
}
