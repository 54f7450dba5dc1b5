package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.apierrors.ApiErrors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Reads request bodies with a size limit (413 beyond it) and parses JSON or YAML (400 when
 * malformed). Parse errors never echo the body: it may hold secret values.
 */
public final class RequestBodies {

    private final long maxBytes;
    private final ObjectMapper json;
    private final ObjectMapper yaml;

    public RequestBodies(long maxBytes, ObjectMapper json, ObjectMapper yaml) {
        this.maxBytes = maxBytes;
        this.json = json;
        this.yaml = yaml;
    }

    public byte[] read(Exchange exchange) {
        long declared = exchange.request().headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            drain(exchange);
            throw ApiErrors.requestEntityTooLarge(maxBytes);
        }
        try (InputStream in = exchange.request().content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw ApiErrors.requestEntityTooLarge(maxBytes);
            }
            return body;
        } catch (IOException e) {
            // A body cut short or badly framed: the client's, answered like kube-apiserver's 400.
            throw ApiErrors.badRequest("the request body could not be read");
        }
    }

    /** Parses a body as an object tree; YAML when the content type says so, JSON otherwise. */
    public JsonNode parseObject(byte[] body, String contentType) {
        if (body.length == 0) {
            throw ApiErrors.badRequest("the request body is empty");
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        boolean isYaml = type.contains("yaml");
        JsonNode tree;
        try {
            tree = (isYaml ? yaml : json).readTree(body);
        } catch (JacksonException e) {
            throw ApiErrors.badRequest("the request body is not valid " + (isYaml ? "YAML" : "JSON")
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || !tree.isObject()) {
            throw ApiErrors.badRequest("the request body must be a " + (isYaml ? "YAML" : "JSON") + " object");
        }
        return tree;
    }

    private static void drain(Exchange exchange) {
        try {
            exchange.request().content().consume();
        } catch (RuntimeException ignored) {
            // The connection is closed after an oversized body anyway.
        }
    }
}
