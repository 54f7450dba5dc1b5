package dev.virtualsecrets.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Logs in to the local stack's PostgreSQL with Debian's real {@code psql}, the password through the environment. */
public final class Psql {

    private Psql() {
    }

    /** Whether {@code username}/{@code password} can log in to database {@code demo} on 127.0.0.1:{@code port}. */
    public static boolean canLogIn(String port, String username, String password) {
        ProcessBuilder builder = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", port, "-U", username,
                "-d", "demo", "-tAc", "select 1")
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        builder.environment().put("PGCONNECT_TIMEOUT", "5");
        try {
            Process process = builder.start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("psql did not finish within 20 s");
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
