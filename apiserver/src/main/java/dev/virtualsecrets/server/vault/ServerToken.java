package dev.virtualsecrets.server.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The server's own Vault token: the configured one, or the content of {@code vault.tokenFile},
 * read again by {@link #reload} (when Vault refuses the token, an operator or a Vault agent may
 * have written a new one).
 */
public final class ServerToken implements Supplier<String> {

    private final Path file;
    private volatile String token;

    public ServerToken(String token, Path file) {
        this.token = token;
        this.file = file;
    }

    @Override
    public String get() {
        return token;
    }

    /** Reads the token file again; whether the token changed. A fixed token never does. */
    boolean reload() {
        if (file == null) {
            return false;
        }
        try {
            String read = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (read.isEmpty() || read.equals(token)) {
                return false;
            }
            token = read;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "ServerToken[file=" + file + "]";
    }
}
