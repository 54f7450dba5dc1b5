package dev.virtualsecrets.server.replicas;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MembershipTest {

    private static Replica replica(String id) {
        return new Replica(id, URI.create("https://10.88.0." + (id.hashCode() & 0x7f) + ":8443"));
    }

    /** A directory in memory, like the Leases: entries until withdrawn, or failing when told to. */
    private static final class Directory implements ReplicaDirectory {
        final Map<String, Replica> entries = new HashMap<>();
        boolean failing;

        @Override
        public void renew(Replica self, Duration duration) {
            if (failing) {
                throw new IllegalStateException("kube-apiserver unreachable");
            }
            entries.put(self.id(), self);
        }

        @Override
        public List<Replica> live() {
            return new ArrayList<>(entries.values());
        }

        @Override
        public void withdraw(Replica self) {
            entries.remove(self.id());
        }
    }

    @Test
    void everyReplicaComputesTheSameOwnerAndALeavingReplicaMovesOnlyItsOwnIdentities() {
        List<Replica> three = List.of(replica("a"), replica("b"), replica("c"));
        List<String> users = IntStream.range(0, 3000).mapToObj(i -> "user-" + i).toList();
        Map<String, Replica> before = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (String user : users) {
            Replica owner = Owners.owner(user, three);
            assertEquals(owner, Owners.owner(user, List.of(three.get(2), three.get(0), three.get(1))), "order-free");
            before.put(user, owner);
            counts.merge(owner.id(), 1, Integer::sum);
        }
        counts.values().forEach(count -> assertTrue(count > 800 && count < 1200, "balanced: " + counts));

        List<Replica> withoutB = List.of(three.get(0), three.get(2));
        for (String user : users) {
            Replica after = Owners.owner(user, withoutB);
            if (!before.get(user).id().equals("b")) {
                assertEquals(before.get(user), after, user + " stays where it was");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Owners.owner("x", List.of()));
    }

    @Test
    void theViewHoldsThisReplicaAlwaysKeepsTheLastAnswerAndWithdrawingRemovesIt() {
        Directory directory = new Directory();
        directory.entries.put("b", replica("b"));
        Membership a = new Membership(directory, replica("a"), Duration.ofSeconds(15));
        assertEquals(List.of(replica("a")), a.members(), "itself before it started");

        List<List<Replica>> changes = new ArrayList<>();
        a.onChange(changes::add);
        a.start(Duration.ofHours(1));
        assertEquals(List.of(replica("a"), replica("b")), a.members());
        a.refresh();
        assertEquals(List.of(List.of(replica("a"), replica("b"))), changes, "told once per change");
        directory.entries.put("c", replica("c"));
        directory.failing = true;
        a.refresh();
        assertEquals(List.of(replica("a"), replica("b")), a.members(), "the last view stands");
        directory.failing = false;
        a.refresh();
        assertEquals(Set.of("a", "b", "c"), new TreeSet<>(a.members().stream().map(Replica::id).toList()));
        assertEquals(2, changes.size());
        directory.entries.remove("a"); // expired in the directory meanwhile: still a member of its own view
        assertTrue(a.members().contains(replica("a")));

        a.withdraw();
        a.refresh();
        assertTrue(!directory.entries.containsKey("a"), "withdrawn, and not announced again");
        assertEquals(List.of(replica("b"), replica("c")), a.members(), "the others serve everyone, in its view too");
        assertEquals(List.of(replica("b"), replica("c")), changes.getLast(), "told, so that leases are handed over");
    }

    @Test
    void theOnlyReplicaWithdrawingKeepsServingItsCallersUntilItStops() {
        Directory directory = new Directory();
        Membership a = new Membership(directory, replica("a"), Duration.ofSeconds(15));
        a.start(Duration.ofHours(1));
        List<List<Replica>> changes = new ArrayList<>();
        a.onChange(changes::add);

        a.withdraw();

        assertEquals(List.of(replica("a")), a.members());
        assertEquals(List.of(), changes);
        assertTrue(directory.entries.isEmpty());
    }
}
