package dev.virtualsecrets.server.vault;

import dev.virtualsecrets.server.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerTokenTest {

    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-02T10:00:00Z"));

    /** Answers queued results in order: a token with its lifetime, or a failure (token null). */
    private static final class Queued implements ServerTokenSource {
        final Deque<Fetched> answers = new ArrayDeque<>();
        int calls;

        Queued then(String token, Duration ttl) {
            answers.add(new Fetched(token, ttl));
            return this;
        }

        @Override
        public Fetched fetch() {
            calls++;
            Fetched next = answers.isEmpty() ? null : answers.poll();
            if (next == null || next.token() == null) {
                throw new FetchException("Vault is unreachable");
            }
            return next;
        }
    }

    @Test
    void aLoginTokenIsDueAfterTwoThirdsOfItsLifetime() {
        Queued source = new Queued().then("first", Duration.ofSeconds(30)).then("second", Duration.ofSeconds(30));
        ServerToken token = new ServerToken(source, clock);

        assertEquals("first", token.get());
        clock.advance(Duration.ofSeconds(19));
        assertFalse(token.due());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(token.due());
        assertTrue(token.reload());
        assertEquals("second", token.get());
        assertFalse(token.due(), "the new token's lifetime starts now");
    }

    @Test
    void aTokenWithoutLifetimeIsNeverDue() {
        ServerToken token = new ServerToken(new Queued().then("fixed", null), clock);
        clock.advance(Duration.ofDays(400));
        assertFalse(token.due());
    }

    @Test
    void aFailedFetchKeepsTheTokenSoFar() {
        Queued source = new Queued().then("first", Duration.ofSeconds(30)).then(null, null);
        ServerToken token = new ServerToken(source, clock);

        assertFalse(token.reload());
        assertEquals("first", token.get());
    }

    @Test
    void withoutAnyTokenVaultSeesAnEmptyOneUntilAReloadFetchesOne() {
        Queued source = new Queued().then(null, null).then("late", Duration.ofMinutes(1));
        ServerToken token = new ServerToken(source, clock);

        assertEquals("", token.get(), "Vault refuses an empty token; no null reaches a header");
        assertEquals("", token.get());
        assertEquals(1, source.calls, "a request never fetches: it would queue behind a login");
        assertTrue(token.reload());
        assertEquals("late", token.get());
        assertEquals(2, source.calls);
    }

    @Test
    void neverPrintsTheToken() {
        ServerToken token = new ServerToken(ServerTokenSource.fixedOrFile("s.secret-value", null), clock);
        assertFalse(token.toString().contains("secret-value"));
        assertFalse(new ServerTokenSource.Fetched("s.secret-value", null).toString().contains("secret-value"));
    }
}
