package dev.virtualsecrets.server;

import dev.virtualsecrets.server.lifecycle.Draining;
import dev.virtualsecrets.server.lifecycle.Lifecycle;
import io.helidon.webserver.WebServer;

import java.time.Duration;

/**
 * The wired server: its background parts start before it serves and stop after it stopped
 * serving. Stopping first fails {@code /readyz} for the shutdown delay while requests are still
 * served (so that endpoints move away), then stops the listener: in-flight requests finish first,
 * within the shutdown grace period.
 */
public final class AssembledServer {

    private final WebServer webServer;
    private final Lifecycle lifecycle;
    private final Draining draining;
    private final Duration shutdownDelay;

    AssembledServer(WebServer webServer, Lifecycle lifecycle, Draining draining, Duration shutdownDelay) {
        this.webServer = webServer;
        this.lifecycle = lifecycle;
        this.draining = draining;
        this.shutdownDelay = shutdownDelay;
    }

    public AssembledServer start() {
        lifecycle.start();
        try {
            webServer.start();
        } catch (RuntimeException e) {
            lifecycle.close();
            throw e;
        }
        return this;
    }

    public void stop() {
        draining.begin();
        try {
            Thread.sleep(shutdownDelay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            webServer.stop();
        } finally {
            lifecycle.close();
        }
    }

    public int port() {
        return webServer.port();
    }

    public Lifecycle lifecycle() {
        return lifecycle;
    }
}
