package dev.virtualsecrets.server.authn;

import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.user.CallerIdentity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AuthenticationChainTest {

    private static final AuthenticationRequest REQUEST = new AuthenticationRequest(List.of(), Map.of());

    private final List<String> asked = new ArrayList<>();

    private Authenticator answering(String name, CallerIdentity caller) {
        return request -> {
            asked.add(name);
            return Optional.ofNullable(caller);
        };
    }

    @Test
    void firstAuthenticatorThatRecognisesTheRequestWins() {
        AuthenticationChain chain = new AuthenticationChain(List.of(
                answering("proxy", null),
                answering("cert", CallerIdentity.of("jane", List.of("developers"))),
                answering("token", CallerIdentity.of("bob", List.of()))));

        CallerIdentity caller = chain.authenticate(REQUEST);

        assertEquals("jane", caller.user());
        assertEquals(List.of("proxy", "cert"), asked, "later authenticators are not asked");
    }

    @Test
    void theCallerJoinsSystemAuthenticated() {
        AuthenticationChain chain = new AuthenticationChain(List.of(answering("cert",
                new CallerIdentity("jane", List.of("developers"), Map.of("scopes", List.of("openid"))))));

        assertEquals(new CallerIdentity("jane", List.of("developers", "system:authenticated"),
                Map.of("scopes", List.of("openid"))), chain.authenticate(REQUEST));
    }

    @Test
    void systemAuthenticatedIsNotAddedTwice() {
        AuthenticationChain chain = new AuthenticationChain(List.of(answering("proxy",
                CallerIdentity.of("jane", List.of("system:authenticated", "developers")))));

        assertEquals(List.of("system:authenticated", "developers"), chain.authenticate(REQUEST).groups());
    }

    @Test
    void nobodyIsUnauthorized() {
        AuthenticationChain chain = new AuthenticationChain(List.of(answering("proxy", null), answering("cert", null)));

        ApiException error = assertThrows(ApiException.class, () -> chain.authenticate(REQUEST));

        assertEquals(401, error.code());
        assertEquals("Unauthorized", error.reason());
        assertEquals("Unauthorized", error.status().message());
        assertEquals("Failure", error.status().status());
        assertEquals(List.of("proxy", "cert"), asked);
    }

    @Test
    void anEmptyChainIsUnauthorized() {
        assertEquals(401, assertThrows(ApiException.class,
                () -> new AuthenticationChain(List.of()).authenticate(REQUEST)).code());
    }
}
