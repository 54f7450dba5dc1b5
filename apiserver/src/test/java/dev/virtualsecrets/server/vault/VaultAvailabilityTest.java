package dev.virtualsecrets.server.vault;

import org.junit.jupiter.api.Test;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.VaultResponse;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VaultAvailabilityTest {

    @Test
    void vaultCountsAsAvailableUntilAProbeSaysOtherwiseAndAgainWhenOneSaysItServes() {
        Queue<VaultHealthStatus> answers = new ArrayDeque<>(List.of(
                VaultHealthStatus.unreachable(),
                new VaultHealthStatus(true, true, true, "2.7.2"),
                new VaultHealthStatus(true, false, false, "2.7.2"),
                new VaultHealthStatus(true, true, false, "2.7.2")));
        VaultAvailability availability = new VaultAvailability(answers::remove);

        assertTrue(availability.available(), "no answer yet: calls decide for themselves");
        availability.probe();
        assertFalse(availability.available(), "unreachable");
        availability.probe();
        assertFalse(availability.available(), "sealed");
        availability.probe();
        assertFalse(availability.available(), "uninitialized");
        availability.probe();
        assertTrue(availability.available(), "serving again");
    }

    @Test
    void whileVaultIsUnavailableCallsFailAtOnceAsConnectionFailures() {
        AtomicBoolean available = new AtomicBoolean(false);
        // A port nothing listens on: an attempted call would fail too, but only after trying.
        VaultClients.Settings settings = new VaultClients.Settings(URI.create("http://127.0.0.1:9"),
                Duration.ofSeconds(1), Duration.ofSeconds(1), null);
        VaultTemplate vault = VaultClients.sessionless(settings,
                VaultClients.serverRequests(settings, available::get, null));

        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> vault.doWithVault(rest -> rest.getForObject("sys/mounts", VaultResponse.class)));

        assertTrue(VaultErrors.isConnectionFailure(failure), failure.toString());
        assertTrue(failure.getMessage().contains(VaultUnavailableGuard.MESSAGE), failure.getMessage());
        available.set(true);
        RuntimeException attempted = assertThrows(RuntimeException.class,
                () -> vault.doWithVault(rest -> rest.getForObject("sys/mounts", VaultResponse.class)));
        assertFalse(attempted.getMessage().contains(VaultUnavailableGuard.MESSAGE), "the call was made");
    }
}
