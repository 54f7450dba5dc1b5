package dev.virtualsecrets.server.apierrors;

import java.util.List;

/**
 * Constructors and predicates for Kubernetes API errors, mirroring k8s.io/apimachinery/pkg/api/errors
 * ({@code NewNotFound} … and {@code IsNotFound} …). Messages follow the upstream wording so that
 * clients and humans see what they see elsewhere. Messages never contain secret values.
 */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static ApiException notFound(GroupResource resource, String name) {
        return new ApiException(Status.failure(404, Reason.NOT_FOUND,
                resource.qualified() + " \"" + name + "\" not found",
                Status.Details.of(name, resource.group(), resource.resource())));
    }

    public static ApiException pathNotFound(String path) {
        return new ApiException(Status.failure(404, Reason.NOT_FOUND,
                "the server could not find the requested resource", null));
    }

    public static ApiException alreadyExists(GroupResource resource, String name) {
        return new ApiException(Status.failure(409, Reason.ALREADY_EXISTS,
                resource.qualified() + " \"" + name + "\" already exists",
                Status.Details.of(name, resource.group(), resource.resource())));
    }

    public static ApiException conflict(GroupResource resource, String name, String why) {
        return new ApiException(Status.failure(409, Reason.CONFLICT,
                "Operation cannot be fulfilled on " + resource.qualified() + " \"" + name + "\": " + why,
                Status.Details.of(name, resource.group(), resource.resource())));
    }

    /**
     * A server-side apply that would change fields other managers own: kube-apiserver's Status, a
     * {@code FieldManagerConflict} cause per field and no object details.
     */
    public static ApiException applyConflict(String message, List<Status.Cause> causes) {
        return new ApiException(Status.failure(409, Reason.CONFLICT, message,
                new Status.Details(null, null, null, null, causes, null)));
    }

    public static ApiException staleResourceVersion(GroupResource resource, String name) {
        return conflict(resource, name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    public static ApiException invalid(GroupKind kind, String name, List<Status.Cause> causes) {
        StringBuilder message = new StringBuilder(kind.qualified() + " \"" + name + "\" is invalid: ");
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
        return new ApiException(Status.failure(422, Reason.INVALID, message.toString(),
                new Status.Details(name, kind.group(), kind.kind(), null, List.copyOf(causes), null)));
    }

    public static boolean isNotFound(Throwable failure) {
        return hasReason(failure, Reason.NOT_FOUND);
    }

    public static boolean isAlreadyExists(Throwable failure) {
        return hasReason(failure, Reason.ALREADY_EXISTS);
    }

    public static boolean isConflict(Throwable failure) {
        return hasReason(failure, Reason.CONFLICT);
    }

    public static boolean isInvalid(Throwable failure) {
        return hasReason(failure, Reason.INVALID);
    }

    public static boolean isBadRequest(Throwable failure) {
        return hasReason(failure, Reason.BAD_REQUEST);
    }

    public static boolean isUnauthorized(Throwable failure) {
        return hasReason(failure, Reason.UNAUTHORIZED);
    }

    public static boolean isForbidden(Throwable failure) {
        return hasReason(failure, Reason.FORBIDDEN);
    }

    public static boolean isMethodNotAllowed(Throwable failure) {
        return hasReason(failure, Reason.METHOD_NOT_ALLOWED);
    }

    public static boolean isServiceUnavailable(Throwable failure) {
        return hasReason(failure, Reason.SERVICE_UNAVAILABLE);
    }

    public static boolean isInternalError(Throwable failure) {
        return hasReason(failure, Reason.INTERNAL_ERROR);
    }

    private static boolean hasReason(Throwable failure, String reason) {
        return failure instanceof ApiException api && reason.equals(api.reason());
    }

    public static Status.Cause invalidValue(String field, Object value, String detail) {
        return new Status.Cause("FieldValueInvalid",
                "Invalid value: " + quote(value) + ": " + detail, field);
    }

    public static Status.Cause notSupportedValue(String field, String value, List<String> supported) {
        StringBuilder message = new StringBuilder("Unsupported value: " + quote(value) + ": supported values: ");
        for (int i = 0; i < supported.size(); i++) {
            message.append(i == 0 ? "" : ", ").append(quote(supported.get(i)));
        }
        return new Status.Cause("FieldValueNotSupported", message.toString(), field);
    }

    public static Status.Cause tooLong(String field, int maxBytes) {
        return new Status.Cause("FieldValueTooLong", "Too long: may not be more than " + maxBytes + " bytes", field);
    }

    public static Status.Cause requiredValue(String field) {
        return new Status.Cause("FieldValueRequired", "Required value", field);
    }

    public static Status.Cause forbiddenField(String field, String detail) {
        return new Status.Cause("FieldValueForbidden", "Forbidden: " + detail, field);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Status.failure(400, Reason.BAD_REQUEST, message, null));
    }

    public static ApiException unauthorized() {
        return new ApiException(Status.failure(401, Reason.UNAUTHORIZED, "Unauthorized", null));
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
        return new ApiException(Status.failure(403, Reason.FORBIDDEN, message.toString(),
                new Status.Details(name, group, resource, null, null, null)));
    }

    /** The Forbidden message for a non-resource URL such as {@code /metrics}. */
    public static ApiException forbiddenPath(String user, String verb, String path, String why) {
        String message = "forbidden: User \"" + user + "\" cannot " + verb + " path \"" + path + "\""
                + (why == null || why.isEmpty() ? "" : ": " + why);
        return new ApiException(Status.failure(403, Reason.FORBIDDEN, message, null));
    }

    public static ApiException methodNotAllowed(String method) {
        return methodNotAllowedBecause("the server does not allow this method on the requested resource");
    }

    /** 405 with a message saying why (e.g. a dynamic secret cannot be written). */
    public static ApiException methodNotAllowedBecause(String message) {
        return new ApiException(Status.failure(405, Reason.METHOD_NOT_ALLOWED, message, null));
    }

    public static ApiException notAcceptable(String accept) {
        return new ApiException(Status.failure(406, Reason.NOT_ACCEPTABLE,
                "the server was unable to respond with a content type that the client supports", null));
    }

    /** 406 in kube-apiserver's words when the negotiated rendering does not fit the answer (a list as one object). */
    public static ApiException notAcceptableBecause(String message) {
        return new ApiException(Status.failure(406, Reason.NOT_ACCEPTABLE, message, null));
    }

    /** 415 for a PATCH whose content type is none of the patch types. */
    public static ApiException unsupportedMediaType(String contentType) {
        return unknownBodyFormat("application/json, application/yaml, application/merge-patch+json, "
                + "application/json-patch+json, application/apply-patch+yaml");
    }

    /** 415 in kube-apiserver's words, naming the media types this request accepts. */
    public static ApiException unknownBodyFormat(String acceptedMediaTypes) {
        return new ApiException(Status.failure(415, Reason.UNSUPPORTED_MEDIA_TYPE,
                "the body of the request was in an unknown format - accepted media types include: "
                        + acceptedMediaTypes, null));
    }

    public static ApiException requestEntityTooLarge(long limitBytes) {
        return new ApiException(Status.failure(413, Reason.REQUEST_ENTITY_TOO_LARGE,
                "Request entity too large: limit is " + limitBytes, null));
    }

    /** 410: the requested resourceVersion is older than the event history. */
    public static ApiException expired(String message) {
        return new ApiException(Status.failure(410, Reason.EXPIRED, message, null));
    }

    /** 504 with cause ResourceVersionTooLarge, as kube-apiserver answers "too new". */
    public static ApiException resourceVersionTooLarge(long requested, long current) {
        return new ApiException(Status.failure(504, Reason.TIMEOUT,
                "Timeout: Too large resource version: " + requested + ", current: " + current,
                new Status.Details(null, null, null, null,
                        List.of(new Status.Cause("ResourceVersionTooLarge", "Too large resource version", null)),
                        1)));
    }

    public static ApiException tooManyRequests(String message, int retryAfterSeconds) {
        return new ApiException(Status.failure(429, Reason.TOO_MANY_REQUESTS, message,
                new Status.Details(null, null, null, null, null, retryAfterSeconds)));
    }

    public static ApiException serviceUnavailable(String message, int retryAfterSeconds) {
        return new ApiException(Status.failure(503, Reason.SERVICE_UNAVAILABLE, message,
                new Status.Details(null, null, null, null, null, retryAfterSeconds)));
    }

    public static ApiException internalError(String message) {
        return new ApiException(Status.failure(500, Reason.INTERNAL_ERROR,
                "Internal error occurred: " + message, null));
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
