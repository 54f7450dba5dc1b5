package dev.virtualsecrets.server.openapi;

import java.util.List;
import java.util.Map;

/**
 * One HTTP operation on the resource, independent of the OpenAPI version it is written in.
 *
 * @param method       lower-case HTTP method, as OpenAPI names operations
 * @param action       the {@code x-kubernetes-action} value
 * @param body         the request body, or null for none
 * @param responses    HTTP code to the definition name of the answer
 * @param produces     response media types
 */
record Operation(String method, String operationId, String description, String action,
                 List<Parameter> parameters, RequestBody body, Map<String, String> responses,
                 List<String> produces) {

    Operation {
        parameters = List.copyOf(parameters);
        responses = Map.copyOf(responses);
        produces = List.copyOf(produces);
    }

    /** A request body: the definition it follows and the media types accepted for it. */
    record RequestBody(String definition, List<String> mediaTypes, boolean required) {
        RequestBody {
            mediaTypes = List.copyOf(mediaTypes);
        }
    }
}
