package dev.virtualsecrets.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;

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
