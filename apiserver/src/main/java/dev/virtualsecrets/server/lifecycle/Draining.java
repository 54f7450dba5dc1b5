package dev.virtualsecrets.server.lifecycle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether the server is shutting down: from SIGTERM on, {@code /readyz} fails so that endpoints
 * and load balancers move away while requests are still served (kube-apiserver's
 * {@code shutdown} check and {@code --shutdown-delay-duration}).
 */
public final class Draining {

    private final List<Runnable> onBegin = new CopyOnWriteArrayList<>();
    private volatile boolean draining;

    /** Runs {@code action} when draining begins (e.g. leaving the replicas' membership). */
    public void onBegin(Runnable action) {
        onBegin.add(action);
    }

    public void begin() {
        draining = true;
        onBegin.forEach(Runnable::run);
    }

    public boolean draining() {
        return draining;
    }
}
