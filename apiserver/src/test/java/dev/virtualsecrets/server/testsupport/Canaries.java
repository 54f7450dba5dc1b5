package dev.virtualsecrets.server.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Secret values that tests send through the server and that must never show up in a log, an
 * audit line or etcd. Every test that writes one registers it here, so that the last test of the
 * run ({@code SuiteLeakScanIT}) can look for all of them, plain and base64.
 */
public final class Canaries {

    private static final List<String> VALUES = new ArrayList<>();

    private Canaries() {
    }

    /** A new, unique value starting with {@code prefix}, registered. */
    public static String create(String prefix) {
        return register(prefix + "-canary-" + UUID.randomUUID());
    }

    /** Registers a fixed value. */
    public static synchronized String register(String value) {
        VALUES.add(value);
        return value;
    }

    public static synchronized List<String> all() {
        return List.copyOf(VALUES);
    }

    /** The forms a value may leak in: as sent, and base64 as in a VirtualSecret's data. */
    public static List<String> forms(String value) {
        return List.of(value, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }
}
