package dev.virtualsecrets.server.discovery;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A response body computed once at start and served as is, with its Content-Type and a strong
 * ETag. The hash is the upper-case hex SHA-512 of the body, the same form kube-openapi and the
 * aggregated discovery endpoint use, so the aggregator's caches behave as with any apiserver.
 *
 * <p>{@code body()} returns the shared array so that serving costs no copy: callers write it
 * and never modify it.
 */
public record StaticDocument(byte[] body, String contentType, String hash) {

    public static StaticDocument of(byte[] body, String contentType) {
        return new StaticDocument(body, contentType, sha512Hex(body));
    }

    /** The ETag header value: the hash, quoted. */
    public String etag() {
        return "\"" + hash + "\"";
    }

    /**
     * Whether an {@code If-None-Match} header names this document (so the answer is 304).
     * Handles {@code *}, lists, and weak tags (weak comparison, as RFC 9110 asks for GET).
     */
    public boolean notModified(String ifNoneMatch) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.trim();
            if (candidate.equals("*")) {
                return true;
            }
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.equals(etag())) {
                return true;
            }
        }
        return false;
    }

    static String sha512Hex(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-512", e);
        }
    }
}
