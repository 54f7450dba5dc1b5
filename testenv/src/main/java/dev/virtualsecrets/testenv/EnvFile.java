package dev.virtualsecrets.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code env} file that {@code hack/dev-cluster up} and {@code hack/run-local up} write for
 * {@code source}: lines {@code export NAME="value"}. The one parser of it, for the end-to-end
 * tests and the benchmark.
 *
 * <p>A value is read as bash reads a double-quoted word. Values the shell computes when the file
 * is sourced ({@code $(...)}, {@code $VAR}, backquotes, e.g. {@code VAULT_TOKEN} and
 * {@code PATH}) are not values here: they are known by name only, so that asking for one fails
 * with a message saying so instead of returning shell code. Other lines are ignored.
 */
public final class EnvFile {

    private static final Pattern EXPORT = Pattern.compile("^\\s*export\\s+([A-Za-z_][A-Za-z0-9_]*)=\"(.*)\"\\s*$");

    private final String source;
    private final Map<String, String> values;
    private final Set<String> computed;

    private EnvFile(String source, Map<String, String> values, Set<String> computed) {
        this.source = source;
        this.values = Collections.unmodifiableMap(values);
        this.computed = Collections.unmodifiableSet(computed);
    }

    /** Reads a stack's env file, e.g. {@code .dev-cluster/env}. */
    public static EnvFile read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": is the stack up (hack/dev-cluster up)?", e);
        }
    }

    /** Parses the text of an env file; {@code source} names it in messages. */
    public static EnvFile parse(String text, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> computed = new LinkedHashSet<>();
        for (String line : text.split("\n", -1)) {
            Matcher matcher = EXPORT.matcher(line);
            if (!matcher.matches()) {
                continue;
            }
            String name = matcher.group(1);
            Optional<String> value = literal(matcher.group(2));
            if (value.isPresent()) {
                values.put(name, value.get());
                computed.remove(name);
            } else {
                values.remove(name);
                computed.add(name);
            }
        }
        return new EnvFile(source, values, computed);
    }

    /** The value of {@code name}; fails when the file does not set it literally. */
    public String get(String name) {
        String value = values.get(name);
        if (value != null) {
            return value;
        }
        if (computed.contains(name)) {
            throw new IllegalStateException(name + " in " + source + " is computed by the shell when sourced, not a value");
        }
        throw new IllegalStateException(name + " is not in " + source);
    }

    public Optional<String> find(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Every literal value, in file order. */
    public Map<String, String> values() {
        return values;
    }

    /**
     * The inside of a double-quoted bash word, unescaped ({@code \$ \` \" \\}); empty when bash
     * would expand something in it or the quotes do not close where the line ends.
     */
    private static Optional<String> literal(String quoted) {
        StringBuilder value = new StringBuilder(quoted.length());
        for (int i = 0; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() && "$`\"\\".indexOf(quoted.charAt(i + 1)) >= 0) {
                value.append(quoted.charAt(++i));
            } else if (c == '$' || c == '`' || c == '"') {
                return Optional.empty();
            } else {
                value.append(c);
            }
        }
        return Optional.of(value.toString());
    }
}
