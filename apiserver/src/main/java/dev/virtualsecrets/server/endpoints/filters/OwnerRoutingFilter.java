package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.metrics.ServerMetrics;
import dev.virtualsecrets.server.replicas.Membership;
import dev.virtualsecrets.server.replicas.PeerClient;
import dev.virtualsecrets.server.replicas.Replica;
import dev.virtualsecrets.server.user.CallerIdentity;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.Filter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves each identity's API requests on the replica that owns it ({@link Membership}): there its
 * leases live, so every replica answers a caller with the same credentials and Vault holds one lease
 * per identity and secret. A request for another replica's identity is forwarded after this
 * replica authenticated and authorized it, and the owner's answer (a watch included) streamed back.
 * Writes go there too, so that the owner's watch hub publishes them to that identity's watches at
 * once. A GET (get, list, watch) whose owner cannot be reached is served here; any other request,
 * whose body is consumed by then, gets 503 + Retry-After. A forwarded request is never forwarded
 * again.
 */
public final class OwnerRoutingFilter implements Filter {

    private static final Logger LOG = Logger.getLogger(OwnerRoutingFilter.class.getName());
    private static final Set<String> RESPONSE_HEADERS_NOT_COPIED = Set.of("connection", "content-length",
            "transfer-encoding", "keep-alive", "date");
    private static final int RETRY_AFTER_SECONDS = 1;

    private final Membership membership;
    private final PeerClient peers;
    private final long maxRequestBytes;
    private final ServerMetrics metrics;

    public OwnerRoutingFilter(Membership membership, PeerClient peers, long maxRequestBytes, ServerMetrics metrics) {
        this.membership = membership;
        this.peers = peers;
        this.maxRequestBytes = maxRequestBytes;
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        RequestInfo info = RequestContext.requestInfo(request);
        String method = request.prologue().method().text();
        if (!info.resourceRequest() || request.headers().contains(HeaderNames.create(PeerClient.USER))) {
            chain.proceed();
            return;
        }
        CallerIdentity caller = RequestContext.auditEvent(request).caller();
        Replica owner = membership.ownerOf(caller.user());
        if (owner.id().equals(membership.self().id())) {
            chain.proceed();
            return;
        }
        byte[] body = request.content().hasEntity() ? body(request) : new byte[0];
        boolean watch = "watch".equals(info.verb());
        HttpResponse<InputStream> answer;
        byte[] answered = null;
        try {
            answer = peers.send(owner, new PeerClient.Forwarded(method, request.prologue().uriPath().rawPath()
                    + (request.query().rawValue().isEmpty() ? "" : "?" + request.query().rawValue()),
                    headers(request), body, caller));
            if (!watch) {
                // Read whole before answering: an owner that stops mid-answer then counts as unreachable
                // instead of leaving the client a truncated response.
                try (InputStream in = answer.body()) {
                    answered = in.readAllBytes();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            metrics.forwarded("unreachable");
            LOG.log(Level.WARNING, "replica {0} (owner of the caller) could not be reached ({1}); served here",
                    new Object[]{owner.id(), e.getClass().getSimpleName()});
            if (method.equals("GET")) {
                chain.proceed();
                return;
            }
            throw ApiErrors.serviceUnavailable("the replica serving this caller is unreachable; retry",
                    RETRY_AFTER_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiErrors.serviceUnavailable("interrupted", RETRY_AFTER_SECONDS);
        }
        metrics.forwarded("forwarded");
        copyHead(answer, response);
        if (answered != null) {
            response.send(answered);
        } else {
            stream(answer, response);
        }
    }

    private byte[] body(RoutingRequest request) {
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
            if (body.length > maxRequestBytes) {
                throw ApiErrors.requestEntityTooLarge(maxRequestBytes);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, List<String>> headers(RoutingRequest request) {
        Map<String, List<String>> headers = new HashMap<>();
        for (Header header : request.headers()) {
            headers.computeIfAbsent(header.name(), name -> new ArrayList<>()).addAll(header.allValues());
        }
        return headers;
    }

    private static void copyHead(HttpResponse<InputStream> answer, RoutingResponse response) {
        response.status(Status.create(answer.statusCode()));
        answer.headers().map().forEach((name, values) -> {
            if (!RESPONSE_HEADERS_NOT_COPIED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                response.header(HeaderNames.create(name), values.toArray(String[]::new));
            }
        });
    }

    /**
     * A watch's body, flushed as it arrives (events must not wait), until either side ends it. Then
     * committed here: a filter that does not proceed must have sent its response when it returns
     * (Helidon commits a stream itself only after a handler), or the client gets a 500 (nothing
     * streamed yet) or a body cut off without its last chunk.
     */
    private static void stream(HttpResponse<InputStream> answer, RoutingResponse response) {
        byte[] buffer = new byte[8192];
        try (InputStream in = answer.body(); OutputStream out = response.outputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // The client or the owner went away: the watch ends, and the client watches again.
        }
        try {
            response.commit();
        } catch (RuntimeException e) {
            // The client went away: nothing left to send to.
        }
    }
}
