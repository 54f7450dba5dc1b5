package dev.virtualsecrets.server.kube;

/**
 * A failed call to kube-apiserver, carrying only the operation and the HTTP code (0 when
 * kube-apiserver was not reached): the Java client's own exceptions hold request and response
 * bodies, which may contain tokens.
 */
public final class KubernetesCallException extends RuntimeException {

    private final int code;

    public KubernetesCallException(String operation, int code) {
        super(operation + " failed" + (code == 0 ? ": kube-apiserver unreachable" : " with HTTP " + code), null,
                false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
