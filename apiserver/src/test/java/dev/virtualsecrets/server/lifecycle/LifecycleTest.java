package dev.virtualsecrets.server.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest {

    private final List<String> events = new ArrayList<>();

    private Lifecycle.Start starting(String name) {
        return () -> events.add("start " + name);
    }

    private AutoCloseable stopping(String name) {
        return () -> events.add("stop " + name);
    }

    @Test
    void nothingStartsWhileWiring() {
        new Lifecycle().add("watch", starting("watch"), stopping("watch"));

        assertEquals(List.of(), events);
    }

    @Test
    void partsStartInOrderAndStopInReverse() {
        Lifecycle lifecycle = new Lifecycle()
                .add("watch", starting("watch"), stopping("watch"))
                .add("leases", starting("leases"), stopping("leases"))
                .closing("reads", stopping("reads"));

        lifecycle.start();
        lifecycle.close();

        assertEquals(List.of("start watch", "start leases", "stop reads", "stop leases", "stop watch"), events);
        assertEquals(List.of("watch", "leases", "reads"), lifecycle.names());
    }

    @Test
    void aPartThatCannotStartStopsThoseBeforeIt() {
        Lifecycle lifecycle = new Lifecycle()
                .add("watch", starting("watch"), stopping("watch"))
                .add("leases", () -> {
                    throw new IllegalStateException("Vault is unavailable");
                }, stopping("leases"))
                .add("poller", starting("poller"), stopping("poller"));

        IllegalStateException failure = assertThrows(IllegalStateException.class, lifecycle::start);

        assertTrue(failure.getMessage().startsWith("cannot start leases"), failure.getMessage());
        assertEquals(List.of("start watch", "stop watch"), events);
    }

    @Test
    void aPartThatFailsToStopDoesNotKeepTheOthersRunning() {
        Lifecycle lifecycle = new Lifecycle()
                .add("watch", starting("watch"), stopping("watch"))
                .add("leases", starting("leases"), () -> {
                    throw new IllegalStateException("revocation failed");
                });
        lifecycle.start();

        lifecycle.close();
        lifecycle.close();

        assertEquals(List.of("start watch", "start leases", "stop watch"), events, "each part stops once");
    }
}
