package dev.virtualsecrets.server.lifecycle;

/**
 * Whether the server is shutting down: from SIGTERM on, {@code /readyz} fails so that endpoints
 * and load balancers move away while requests are still served (kube-apiserver's
 * {@code shutdown} check and {@code --shutdown-delay-duration}).
 */
public final class Draining {

    private volatile boolean draining;

    public void begin() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }
}
