package dev.virtualsecrets.csi.kube;

/**
 * kube-apiserver did not give the VirtualSecret: {@code reason} says how the kubelet should see it,
 * the message is kube-apiserver's own Status message (it names the object and the user, never a
 * value or a token).
 */
public final class ReadFailedException extends RuntimeException {

    /** What went wrong, as far as a mount is concerned. */
    public enum Reason { FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, UNAVAILABLE, INVALID }

    private final Reason reason;

    public ReadFailedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
