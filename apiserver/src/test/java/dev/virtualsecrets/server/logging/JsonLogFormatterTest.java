package dev.virtualsecrets.server.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLogFormatterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonLogFormatter formatter = new JsonLogFormatter();

    private static LogRecord record(Level level, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("dev.virtualsecrets.server.Test");
        record.setInstant(Instant.parse("2025-01-02T03:04:05.678Z"));
        return record;
    }

    /** Exactly one line, holding exactly one JSON object. */
    private JsonNode parseLine(LogRecord record) throws Exception {
        String line = formatter.format(record);
        assertTrue(line.endsWith("\n"), line);
        assertEquals(-1, line.substring(0, line.length() - 1).indexOf('\n'), "one line: " + line);
        assertFalse(line.contains("\r"), line);
        JsonNode node = JSON.readTree(line);
        assertTrue(node.isObject(), line);
        return node;
    }

    @Test
    void writesTimeLevelLoggerAndMessage() throws Exception {
        JsonNode line = parseLine(record(Level.INFO, "server started"));

        assertEquals("2025-01-02T03:04:05.678Z", line.path("time").asText());
        assertEquals("INFO", line.path("level").asText());
        assertEquals("dev.virtualsecrets.server.Test", line.path("logger").asText());
        assertEquals("server started", line.path("message").asText());
        assertFalse(line.has("error"));
        assertEquals(4, line.size());
    }

    @Test
    void fillsParameters() throws Exception {
        LogRecord record = record(Level.WARNING, "listening on {0}:{1}");
        record.setParameters(new Object[] {"127.0.0.1", "8443"});

        assertEquals("listening on 127.0.0.1:8443", parseLine(record).path("message").asText());
    }

    @Test
    void escapesQuotesBackslashesNewlinesAndControlCharacters() throws Exception {
        String message = "say \"hi\"\\ then\nnext line\r\ttab \u0000 \u0001 \u001f \u007f é ✓ end";

        JsonNode line = parseLine(record(Level.INFO, message));

        assertEquals(message, line.path("message").asText());
    }

    @Test
    void aForgedJsonFieldStaysInsideTheMessage() throws Exception {
        String message = "x\",\"level\":\"SEVERE\",\"user\":\"admin";

        JsonNode line = parseLine(record(Level.INFO, message));

        assertEquals("INFO", line.path("level").asText());
        assertEquals(message, line.path("message").asText());
        assertFalse(line.has("user"));
    }

    @Test
    void aNullLoggerOrMessageIsEmpty() throws Exception {
        LogRecord record = new LogRecord(Level.FINE, null);

        JsonNode line = parseLine(record);

        assertEquals("", line.path("logger").asText());
        assertEquals("", line.path("message").asText());
        assertEquals("FINE", line.path("level").asText());
    }

    @Test
    void anExceptionIsReducedToItsTypeAndFirstFramesWithoutItsMessage() throws Exception {
        LogRecord record = record(Level.SEVERE, "request failed");
        record.setThrown(new IllegalStateException("secret-value",
                new RuntimeException("secret-value in the cause")));

        String text = formatter.format(record);
        JsonNode line = parseLine(record);

        assertFalse(text.contains("secret-value"), text);
        String error = line.path("error").asText();
        assertTrue(error.startsWith("java.lang.IllegalStateException at "), error);
        assertTrue(error.contains(JsonLogFormatterTest.class.getName()), error);
        assertTrue(error.split(" < ").length <= 3, error);
        assertEquals("request failed", line.path("message").asText());
    }

    @Test
    void anExceptionWithoutFramesStillFormats() throws Exception {
        LogRecord record = record(Level.SEVERE, "boom");
        Exception thrown = new Exception("secret-value");
        thrown.setStackTrace(new StackTraceElement[0]);
        record.setThrown(thrown);

        JsonNode line = parseLine(record);

        assertEquals("java.lang.Exception at ", line.path("error").asText());
    }
}
