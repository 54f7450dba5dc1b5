package dev.virtualsecrets.server.watch;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventHistoryTest {

    private static WatchEvent event(long resourceVersion, String name) {
        return new WatchEvent(WatchEvent.Type.ADDED, resourceVersion,
                new VirtualSecret().metadata(new V1ObjectMeta().namespace("ns").name(name)));
    }

    @Test
    void returnsEventsAfterTheResourceVersionInPublishOrder() {
        EventHistory history = new EventHistory(10, 100);
        history.add(event(101, "a"));
        history.add(event(103, "b"));
        history.add(event(102, "c"));
        assertEquals(List.of("b", "c"), history.eventsAfter(101, e -> true).stream().map(WatchEvent::name).toList());
        assertEquals(List.of("c"), history.eventsAfter(100, e -> e.name().equals("c")).stream().map(WatchEvent::name).toList());
    }

    @Test
    void evictionRaisesCoverage() {
        EventHistory history = new EventHistory(2, 100);
        history.add(event(101, "a"));
        history.add(event(102, "b"));
        history.add(event(103, "c"));
        assertEquals(2, history.size());
        assertEquals(101, history.coverageStart());
        assertEquals(List.of("b", "c"), history.eventsAfter(101, e -> true).stream().map(WatchEvent::name).toList());
        ApiException e = assertThrows(ApiException.class, () -> history.eventsAfter(100, x -> true));
        assertEquals(410, e.code());
        assertEquals("too old resource version: 100 (101)", e.getMessage());
    }

    @Test
    void rejectsNonPositiveCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new EventHistory(0, 1));
    }
}
