package dev.virtualsecrets.server.apierrors;

/**
 * A failure that becomes a {@link Status} response. Built only through {@link ApiErrors} so that
 * reasons and codes match Kubernetes. Carries no stack trace: it is control flow, not a bug.
 */
public final class ApiException extends RuntimeException {

    private final transient Status status;

    ApiException(Status status) {
        super(status.message(), null, false, false);
        this.status = status;
    }

    public Status status() {
        return status;
    }

    public int code() {
        return status.code();
    }

    public String reason() {
        return status.reason();
    }
}
