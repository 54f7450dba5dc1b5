package dev.virtualsecrets.server.authn;

import dev.virtualsecrets.server.user.CallerIdentity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerAuthenticatorTest {

    private static final String SERVER = "system:serviceaccount:virtualsecrets:virtualsecrets";

    /** Stands for TokenReview: "peer-token" is the server's ServiceAccount, "user-token" someone else. */
    private final Authenticator bearer = request -> switch (request.header("authorization").stream().findFirst()
            .orElse("")) {
        case "Bearer peer-token" -> Optional.of(CallerIdentity.of(SERVER, List.of("system:serviceaccounts")));
        case "Bearer user-token" -> Optional.of(CallerIdentity.of("mallory", List.of()));
        default -> Optional.empty();
    };
    private final PeerAuthenticator peers = new PeerAuthenticator(bearer, SERVER);

    private static AuthenticationRequest request(String token, Map<String, List<String>> forwarded) {
        Map<String, List<String>> headers = new java.util.HashMap<>(forwarded);
        headers.put("authorization", List.of("Bearer " + token));
        return new AuthenticationRequest(List.of(), headers);
    }

    @Test
    void aPeerTokenMakesTheForwardedCallerTheCaller() {
        Optional<CallerIdentity> caller = peers.authenticate(request("peer-token", Map.of(
                "x-virtualsecrets-forwarded-user", List.of("alice"),
                "x-virtualsecrets-forwarded-group", List.of("dev", "system:authenticated"),
                "x-virtualsecrets-forwarded-extra-scopes%2Fa", List.of("one", "two"))));

        assertEquals(new CallerIdentity("alice", List.of("dev", "system:authenticated"),
                Map.of("scopes/a", List.of("one", "two"))), caller.orElseThrow());
    }

    @Test
    void forwardedHeadersWithAnyoneElsesTokenOrNoneAreIgnored() {
        Map<String, List<String>> spoofed = Map.of("x-virtualsecrets-forwarded-user", List.of("admin"),
                "x-virtualsecrets-forwarded-group", List.of("system:masters"));
        assertTrue(peers.authenticate(request("user-token", spoofed)).isEmpty(), "a user's own token");
        assertTrue(peers.authenticate(request("unknown", spoofed)).isEmpty(), "a token nobody vouches for");
        assertTrue(peers.authenticate(request("peer-token", Map.of())).isEmpty(), "no forwarded caller");
        // The chain then authenticates the request by its own token, as its sender:
        AuthenticationChain chain = new AuthenticationChain(List.of(peers, bearer));
        assertEquals("mallory", chain.authenticate(request("user-token", spoofed)).user());
    }
}
