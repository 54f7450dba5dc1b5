package dev.virtualsecrets.server.vault;

import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;

import java.io.IOException;
import java.util.Optional;

/**
 * Classifies failures of Vault calls (Spring's {@code HttpStatusCodeException} when Vault answered,
 * {@code ResourceAccessException} when it did not). Never quotes Vault's response bodies: they may
 * echo secret data.
 */
public final class VaultErrors {

    private static final String CHECK_AND_SET_MISMATCH = "check-and-set parameter did not match";

    private VaultErrors() {
    }

    /** The Vault status code of a failed call, when Vault answered at all. */
    public static Optional<Integer> httpStatus(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpStatusCodeException http) {
                return Optional.of(http.getStatusCode().value());
            }
        }
        return Optional.empty();
    }

    /**
     * A failure for a log line: Vault's status code, or the exception's type. Vault's answer itself
     * is left out (it may quote a request).
     */
    public static String summary(Throwable failure) {
        return httpStatus(failure).map(code -> "Vault answered " + code).orElse(failure.getClass().getSimpleName());
    }

    /** Whether Vault answered 400 "unknown role": a template named a role that does not exist. */
    public static boolean isUnknownRole(Throwable failure) {
        return isBadRequestSaying(failure, "unknown role");
    }

    /** Whether Vault rejected a KV v2 write because the check-and-set version did not match. */
    public static boolean isCheckAndSetMismatch(Throwable failure) {
        return isBadRequestSaying(failure, CHECK_AND_SET_MISMATCH);
    }

    /** Vault's 400 carrying {@code text} in its errors; the body is only searched, never quoted. */
    private static boolean isBadRequestSaying(Throwable failure, String text) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpStatusCodeException http && http.getStatusCode().value() == 400
                    && http.getResponseBodyAsString().contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** Whether Vault could not be reached (no answer at all). */
    public static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ResourceAccessException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
