package dev.virtualsecrets.server;

import dev.virtualsecrets.server.lifecycle.Lifecycle;
import io.helidon.webserver.WebServer;

/**
 * The wired server: its background parts start before it serves and stop after it stopped
 * serving (in-flight requests finish first, within the shutdown grace period).
 */
public final class AssembledServer {

    private final WebServer webServer;
    private final Lifecycle lifecycle;

    AssembledServer(WebServer webServer, Lifecycle lifecycle) {
        this.webServer = webServer;
        this.lifecycle = lifecycle;
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
