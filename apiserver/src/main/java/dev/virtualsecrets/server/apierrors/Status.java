package dev.virtualsecrets.server.apierrors;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** {@code meta/v1 Status}: the body of every error, and of a successful DELETE of a collection. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Status(
        String kind,
        String apiVersion,
        Map<String, Object> metadata,
        String status,
        String message,
        String reason,
        Details details,
        int code) {

    public static final String FAILURE = "Failure";
    public static final String SUCCESS = "Success";

    public static Status failure(int code, String reason, String message, Details details) {
        return new Status("Status", "v1", Map.of(), FAILURE, message, reason, details, code);
    }

    public static Status success(Details details) {
        return new Status("Status", "v1", Map.of(), SUCCESS, null, null, details, 200);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Details(String name, String group, String kind, String uid, List<Cause> causes,
                          Integer retryAfterSeconds) {
        public static Details of(String name, String group, String kind) {
            return new Details(name, group, kind, null, null, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cause(String reason, String message, String field) {
    }
}
