package dev.virtualsecrets.server.replicas;

import java.time.Duration;
import java.util.List;

/** Where replicas announce themselves and find each other (coordination.k8s.io Leases in a cluster). */
public interface ReplicaDirectory {

    /** Announces {@code self} as serving for {@code duration} from now (creates or renews its entry). */
    void renew(Replica self, Duration duration);

    /** The replicas whose announcement has not expired, self included once announced. */
    List<Replica> live();

    /** Removes {@code self}'s announcement: peers stop routing to it at their next refresh. */
    void withdraw(Replica self);
}
