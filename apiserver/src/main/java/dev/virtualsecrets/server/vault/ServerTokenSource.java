package dev.virtualsecrets.server.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Where the server's own Vault token comes from, each time it is fetched. */
@FunctionalInterface
public interface ServerTokenSource {

    /** A token and its lifetime at the time it was fetched (null: unknown or unlimited). */
    record Fetched(String token, Duration ttl) {

        /** Never prints the token. */
        @Override
        public String toString() {
            return "Fetched[token=<redacted>, ttl=" + ttl + "]";
        }
    }

    /** Nothing could be fetched this time; the message names the cause and never a credential. */
    final class FetchException extends RuntimeException {
        public FetchException(String message) {
            super(message, null, false, false);
        }
    }

    Fetched fetch();

    /** {@code token} as it is, or {@code file}'s content read each time (a file wins when both are set). */
    static ServerTokenSource fixedOrFile(String token, Path file) {
        if (file == null) {
            return new ServerTokenSource() {
                @Override
                public Fetched fetch() {
                    return new Fetched(token, null);
                }

                @Override
                public String toString() {
                    return "configured token";
                }
            };
        }
        return new ServerTokenSource() {
            @Override
            public Fetched fetch() {
                try {
                    return new Fetched(Files.readString(file, StandardCharsets.UTF_8).trim(), null);
                } catch (IOException e) {
                    throw new FetchException("cannot read " + file + ": " + e.getClass().getSimpleName());
                }
            }

            @Override
            public String toString() {
                return "file " + file;
            }
        };
    }
}
