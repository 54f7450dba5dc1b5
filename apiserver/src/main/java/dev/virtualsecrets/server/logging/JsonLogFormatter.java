package dev.virtualsecrets.server.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per log line: time, level, logger, message. Callers never pass secret values or
 * tokens; exceptions are reduced to their type and first frames for the same reason.
 */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160).append('{');
        field(line, "time", Instant.ofEpochMilli(record.getMillis()).toString()).append(',');
        field(line, "level", record.getLevel().getName()).append(',');
        field(line, "logger", record.getLoggerName()).append(',');
        field(line, "message", formatMessage(record));
        if (record.getThrown() != null) {
            line.append(',');
            field(line, "error", record.getThrown().getClass().getName() + " at " + firstFrames(record.getThrown()));
        }
        return line.append("}\n").toString();
    }

    private static String firstFrames(Throwable thrown) {
        StackTraceElement[] trace = thrown.getStackTrace();
        StringWriter frames = new StringWriter();
        PrintWriter out = new PrintWriter(frames);
        for (int i = 0; i < Math.min(3, trace.length); i++) {
            out.print(i == 0 ? "" : " < ");
            out.print(trace[i]);
        }
        return frames.toString();
    }

    private static StringBuilder field(StringBuilder line, String name, String value) {
        line.append('"').append(name).append("\":\"");
        String text = value == null ? "" : value;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        return line.append('"');
    }
}
