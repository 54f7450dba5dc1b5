package dev.virtualsecrets.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes one JSON line per request. Lines are whole: concurrent requests never interleave. */
public final class AuditLog {

    private final ObjectMapper json;
    private final PrintStream out;
    private final boolean enabled;

    public AuditLog(ObjectMapper json, PrintStream out, boolean enabled) {
        this.json = json;
        this.out = out;
        this.enabled = enabled;
    }

    /** Appends to {@code file} (created if missing), flushing every line. */
    public static AuditLog toFile(ObjectMapper json, Path file) {
        try {
            return new AuditLog(json, new PrintStream(new FileOutputStream(file.toFile(), true), true,
                    StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit file " + file, e);
        }
    }

    public void record(AuditRecord record) {
        if (!enabled) {
            return;
        }
        try {
            String line = "{\"audit\":" + json.writeValueAsString(record) + "}";
            synchronized (out) {
                out.println(line);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode audit record", e);
        }
    }
}
