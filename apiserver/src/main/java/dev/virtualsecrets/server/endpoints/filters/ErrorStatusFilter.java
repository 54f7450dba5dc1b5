package dev.virtualsecrets.server.endpoints.filters;

import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers every failure below it as a Kubernetes Status: an {@link ApiException} as itself, anything
 * else as a 500 whose log line names the exception's type only (third-party messages may quote
 * request or response bodies). A client gone mid-response is no failure of ours: a 499 in the audit.
 */
public final class ErrorStatusFilter implements Filter {

    private static final Logger LOG = Logger.getLogger(ErrorStatusFilter.class.getName());

    private final Responses responses;

    public ErrorStatusFilter(Responses responses) {
        this.responses = responses;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        answerFailures(chain::proceed, request, response);
    }

    /**
     * The handler at the end of the chain, with its failures answered the same way: Helidon handles a
     * route handler's exceptions itself, before they could reach a filter.
     */
    public Handler guard(Handler handler) {
        return (request, response) -> answerFailures(() -> handler.handle(request, response), request, response);
    }

    private void answerFailures(Stage stage, ServerRequest request, ServerResponse response) {
        AuditEvent event = RequestContext.auditEvent(request);
        try {
            stage.run();
        } catch (ApiException e) {
            event.failed(e);
            answer(response, e);
        } catch (UncheckedIOException e) {
            if (!response.isSent()) {
                // Nothing was written yet: an I/O failure of ours (a backend), not of the client.
                internalError(event, response, e);
                return;
            }
            // The client went away mid-response (a closed watch, a cancelled request).
            event.clientGone();
        } catch (ServerConnectionException e) {
            // The same, seen by Helidon, which closes the connection itself.
            event.clientGone();
            throw e;
        } catch (Exception e) {
            internalError(event, response, e);
        }
    }

    private void internalError(AuditEvent event, ServerResponse response, Exception e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        LOG.log(Level.SEVERE, "request failed: {0} at {1} (cause {2} at {3})", new Object[]{e.getClass().getName(),
                firstFrame(e), cause.getClass().getName(), firstFrame(cause)});
        event.internalError();
        answer(response, ApiErrors.internalError("the server could not complete the request"));
    }

    /** A step of the pipeline; Helidon's handlers may throw checked exceptions. */
    @FunctionalInterface
    private interface Stage {
        void run() throws Exception;
    }

    private void answer(ServerResponse response, ApiException e) {
        if (!response.isSent()) {
            responses.status(response, e.status());
        }
    }

    private static String firstFrame(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length == 0 ? "?" : trace[0].toString();
    }
}
