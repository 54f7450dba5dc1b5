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
public final class AuditLog implements AutoCloseable {

    private final ObjectMapper json;
    private final PrintStream out;
    private final boolean enabled;
    /** Whether {@code out} is this log's own file (closed with it) rather than standard output. */
    private final boolean ownsOut;

    public AuditLog(ObjectMapper json, PrintStream out, boolean enabled) {
        this(json, out, enabled, false);
    }

    private AuditLog(ObjectMapper json, PrintStream out, boolean enabled, boolean ownsOut) {
        this.json = json;
        this.out = out;
        this.enabled = enabled;
        this.ownsOut = ownsOut;
    }

    /** Appends to {@code file} (created if missing), flushing every line. */
    public static AuditLog toFile(ObjectMapper json, Path file) {
        try {
            return new AuditLog(json, new PrintStream(new FileOutputStream(file.toFile(), true), true,
                    StandardCharsets.UTF_8), true, true);
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

    /** Closes the audit file; standard output stays open. */
    @Override
    public void close() {
        if (ownsOut) {
            synchronized (out) {
                out.close();
            }
        }
    }
}
