package dev.virtualsecrets.server.api;

import dev.virtualsecrets.api.VirtualSecrets;

import java.util.List;

/**
 * Constructors for Kubernetes API errors, mirroring k8s.io/apimachinery/pkg/api/errors. Messages
 * follow the upstream wording so that clients and humans see what they see elsewhere.
 * Messages never contain secret values.
 */
public final class ApiErrors {

    private static final String GROUP = VirtualSecrets.GROUP;
    private static final String RESOURCE = VirtualSecrets.PLURAL;
    private static final String QUALIFIED = RESOURCE + "." + GROUP;

    private ApiErrors() {
    }

    public static ApiException notFound(String name) {
        return new ApiException(Status.failure(404, "NotFound",
                QUALIFIED + " \"" + name + "\" not found",
                Status.Details.of(name, GROUP, RESOURCE)));
    }

    public static ApiException pathNotFound(String path) {
        return new ApiException(Status.failure(404, "NotFound",
                "the server could not find the requested resource", null));
    }

    public static ApiException alreadyExists(String name) {
        return new ApiException(Status.failure(409, "AlreadyExists",
                QUALIFIED + " \"" + name + "\" already exists",
                Status.Details.of(name, GROUP, RESOURCE)));
    }

    public static ApiException conflict(String name, String why) {
        return new ApiException(Status.failure(409, "Conflict",
                "Operation cannot be fulfilled on " + QUALIFIED + " \"" + name + "\": " + why,
                Status.Details.of(name, GROUP, RESOURCE)));
    }

    public static ApiException staleResourceVersion(String name) {
        return conflict(name, "the object has been modified; please apply your changes to the latest version and try again");
    }

    public static ApiException invalid(String name, List<Status.Cause> causes) {
        StringBuilder message = new StringBuilder(VirtualSecrets.KIND + "." + GROUP + " \"" + name + "\" is invalid: ");
        int causesStart = message.length();
        for (int i = 0; i < causes.size(); i++) {
            Status.Cause cause = causes.get(i);
            if (i > 0) {
                message.append(", ");
            }
            message.append(cause.field()).append(": ").append(cause.message());
        }
        if (causes.size() > 1) {
            message.insert(causesStart, "[").append("]");
        }
        return new ApiException(Status.failure(422, "Invalid", message.toString(),
                new Status.Details(name, GROUP, VirtualSecrets.KIND, null, List.copyOf(causes), null)));
    }

    public static Status.Cause invalidValue(String field, Object value, String detail) {
        return new Status.Cause("FieldValueInvalid",
                "Invalid value: " + quote(value) + ": " + detail, field);
    }

    public static Status.Cause requiredValue(String field) {
        return new Status.Cause("FieldValueRequired", "Required value", field);
    }

    public static Status.Cause forbiddenField(String field, String detail) {
        return new Status.Cause("FieldValueForbidden", "Forbidden: " + detail, field);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Status.failure(400, "BadRequest", message, null));
    }

    public static ApiException unauthorized() {
        return new ApiException(Status.failure(401, "Unauthorized", "Unauthorized", null));
    }

    /** The Forbidden message of k8s.io/apiserver's authorization filter. */
    public static ApiException forbidden(String user, String verb, String resource, String group,
                                         String namespace, String name, String why) {
        return forbidden(user, verb, resource, null, group, namespace, name, why);
    }

    /** As above for a subresource: the message names "resource/subresource", the details the resource. */
    public static ApiException forbidden(String user, String verb, String resource, String subresource, String group,
                                         String namespace, String name, String why) {
        String qualified = group == null || group.isEmpty() ? resource : resource + "." + group;
        StringBuilder message = new StringBuilder(qualified);
        if (name != null && !name.isEmpty()) {
            message.append(" \"").append(name).append("\"");
        }
        message.append(" is forbidden: User \"").append(user).append("\" cannot ").append(verb)
                .append(" resource \"").append(resource)
                .append(subresource == null || subresource.isEmpty() ? "" : "/" + subresource).append("\"");
        if (group != null) {
            message.append(" in API group \"").append(group).append("\"");
        }
        if (namespace != null && !namespace.isEmpty()) {
            message.append(" in the namespace \"").append(namespace).append("\"");
        } else {
            message.append(" at the cluster scope");
        }
        if (why != null && !why.isEmpty()) {
            message.append(": ").append(why);
        }
        return new ApiException(Status.failure(403, "Forbidden", message.toString(),
                new Status.Details(name, group, resource, null, null, null)));
    }

    /** The Forbidden message for a non-resource URL such as {@code /metrics}. */
    public static ApiException forbiddenPath(String user, String verb, String path, String why) {
        String message = "forbidden: User \"" + user + "\" cannot " + verb + " path \"" + path + "\""
                + (why == null || why.isEmpty() ? "" : ": " + why);
        return new ApiException(Status.failure(403, "Forbidden", message, null));
    }

    public static ApiException methodNotAllowed(String method) {
        return methodNotAllowedBecause("the server does not allow this method on the requested resource");
    }

    /** 405 with a message saying why (e.g. a dynamic secret cannot be written). */
    public static ApiException methodNotAllowedBecause(String message) {
        return new ApiException(Status.failure(405, "MethodNotAllowed", message, null));
    }

    public static ApiException notAcceptable(String accept) {
        return new ApiException(Status.failure(406, "NotAcceptable",
                "the server was unable to respond with a content type that the client supports", null));
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(Status.failure(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + "application/json, application/yaml, application/merge-patch+json, "
                        + "application/json-patch+json, application/apply-patch+yaml",
                null));
    }

    public static ApiException requestEntityTooLarge(long limitBytes) {
        return new ApiException(Status.failure(413, "RequestEntityTooLarge",
                "Request entity too large: limit is " + limitBytes, null));
    }

    /** 410: the requested resourceVersion is older than the event history. */
    public static ApiException expired(String message) {
        return new ApiException(Status.failure(410, "Expired", message, null));
    }

    /** 504 with cause ResourceVersionTooLarge, as kube-apiserver answers "too new". */
    public static ApiException resourceVersionTooLarge(long requested, long current) {
        return new ApiException(Status.failure(504, "Timeout",
                "Timeout: Too large resource version: " + requested + ", current: " + current,
                new Status.Details(null, null, null, null,
                        List.of(new Status.Cause("ResourceVersionTooLarge", "Too large resource version", null)),
                        1)));
    }

    public static ApiException tooManyRequests(String message, int retryAfterSeconds) {
        return new ApiException(Status.failure(429, "TooManyRequests", message,
                new Status.Details(null, null, null, null, null, retryAfterSeconds)));
    }

    public static ApiException serviceUnavailable(String message, int retryAfterSeconds) {
        return new ApiException(Status.failure(503, "ServiceUnavailable", message,
                new Status.Details(null, null, null, null, null, retryAfterSeconds)));
    }

    public static ApiException internalError(String message) {
        return new ApiException(Status.failure(500, "InternalError",
                "Internal error occurred: " + message, null));
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
