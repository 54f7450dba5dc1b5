package dev.virtualsecrets.api;

/** Names of the {@code virtualsecrets.dev/v1alpha1} API, in one place. */
public final class VirtualSecrets {
    public static final String GROUP = "virtualsecrets.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "VirtualSecret";
    public static final String LIST_KIND = "VirtualSecretList";
    public static final String PLURAL = "virtualsecrets";
    public static final String SINGULAR = "virtualsecret";
    public static final String SHORT_NAME = "vsec";

    public static final String TYPE_OPAQUE = "Opaque";
    public static final String TYPE_TLS = "kubernetes.io/tls";

    private VirtualSecrets() {
    }
}
