package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import io.helidon.http.HeaderNames;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads request bodies with a size limit (413 beyond it) and parses JSON or YAML (400 when
 * malformed). Parse errors never echo the body: it may hold secret values.
 */
public final class RequestBodies {

    private final long maxBytes;
    private final ReadDeadline deadline;
    // Jackson's reader; this package's ObjectReader reads objects from requests.
    private final com.fasterxml.jackson.databind.ObjectReader json;
    private final com.fasterxml.jackson.databind.ObjectReader yaml;

    public RequestBodies(long maxBytes, Duration readTimeout, ObjectMapper json, ObjectMapper yaml) {
        this.maxBytes = maxBytes;
        this.deadline = new ReadDeadline(readTimeout);
        this.json = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.yaml = yaml.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The body, read within the read timeout; a declared or actual length beyond the limit is 413,
     * after the body was read and dropped, so that the client (kube-apiserver's proxy) gets the answer
     * instead of a broken pipe.
     */
    public byte[] read(Exchange exchange) {
        long declared = exchange.request().headers().contentLength().orElse(-1);
        try {
            return deadline.within(() -> {
                if (declared > maxBytes) {
                    drain(exchange);
                    throw ApiErrors.requestEntityTooLarge(maxBytes);
                }
                try (InputStream in = exchange.request().content().inputStream()) {
                    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                    if (body.length > maxBytes) {
                        in.transferTo(OutputStream.nullOutputStream());
                        throw ApiErrors.requestEntityTooLarge(maxBytes);
                    }
                    return body;
                }
            });
        } catch (ReadDeadline.Exceeded e) {
            throw unreadable(exchange, "the request body did not arrive in time");
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // A body cut short or badly framed (a chunk size that is no number): the client's, answered
            // like kube-apiserver's 400; what follows on the connection cannot be trusted, so it closes.
            throw unreadable(exchange, "the request body could not be read");
        }
    }

    private static ApiException unreadable(Exchange exchange, String message) {
        exchange.response().header(HeaderNames.CONNECTION, "close");
        return ApiErrors.badRequest(message);
    }

    /**
     * Parses a body as an object tree; YAML when the content type says so, JSON otherwise. Another
     * media type is 415 as kube-apiserver answers (an unset one is read as JSON); anything after the
     * document, nesting or numbers beyond the parser's limits are 400.
     */
    public JsonNode parseObject(byte[] body, String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.isEmpty() && !mediaType.equals("application/json") && !mediaType.equals("application/yaml")) {
            throw ApiErrors.unknownBodyFormat("application/json, application/yaml");
        }
        if (body.length == 0) {
            throw ApiErrors.badRequest("the request body is empty");
        }
        boolean isYaml = mediaType.equals("application/yaml");
        JsonNode tree;
        try {
            // UTF-8 only, as Go reads it: Jackson would detect UTF-16 and UTF-32 from the first bytes.
            tree = (isYaml ? yaml : json).readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            JsonLocation location = e instanceof JacksonException jackson ? jackson.getLocation() : null;
            throw ApiErrors.badRequest("the request body is not valid " + (isYaml ? "YAML" : "JSON")
                    + (location == null || location.getLineNr() < 1 ? ""
                    : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
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
