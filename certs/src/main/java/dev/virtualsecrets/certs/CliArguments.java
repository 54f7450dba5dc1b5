package dev.virtualsecrets.certs;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} (or {@code --name=value}) options of one CertTool subcommand. */
record CliArguments(Map<String, String> options) {

    /** Thrown for bad command lines; CertTool answers with the usage text and exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static CliArguments parse(List<String> args, Set<String> allowed) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument: " + arg);
            }
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.size()) {
                    throw new UsageException("option --" + name + " needs a value");
                }
                value = args.get(++i);
            }
            if (!allowed.contains(name)) {
                throw new UsageException("unknown option: --" + name);
            }
            if (options.putIfAbsent(name, value) != null) {
                throw new UsageException("option --" + name + " given twice");
            }
        }
        return new CliArguments(Map.copyOf(options));
    }

    String required(String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException("missing required option --" + name);
        }
        return value;
    }

    String optional(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    /** A comma-separated list; empty if the option is absent. */
    List<String> list(String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    int positiveInt(String name, int defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be a positive integer, got: " + value);
    }
}
