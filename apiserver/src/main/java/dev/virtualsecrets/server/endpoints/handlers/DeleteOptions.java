package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.apierrors.ApiErrors;

/**
 * The parts of meta/v1 DeleteOptions that mean something here: a resourceVersion precondition and
 * dryRun. Grace periods and propagation policies do not apply to a secret without dependents.
 */
record DeleteOptions(String preconditionResourceVersion, boolean dryRun) {

    static DeleteOptions of(Exchange exchange, RequestBodies bodies) {
        byte[] body = bodies.read(exchange);
        if (body.length == 0) {
            return new DeleteOptions(null, false);
        }
        JsonNode options = bodies.parseObject(body, exchange.contentType());
        String precondition = options.path("preconditions").path("resourceVersion").asText(null);
        boolean dryRun = false;
        for (JsonNode value : options.path("dryRun")) {
            if (!"All".equals(value.asText())) {
                throw ApiErrors.badRequest("dryRun: Unsupported value: \"" + value.asText() + "\": supported values: \"All\"");
            }
            dryRun = true;
        }
        return new DeleteOptions(precondition == null || precondition.isEmpty() ? null : precondition, dryRun);
    }
}
