package dev.virtualsecrets.server.authn;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.virtualsecrets.certs.Pem;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import io.kubernetes.client.util.Watchable;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.options.ListOptions;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Authentication settings from {@code kube-system/extension-apiserver-authentication}, as
 * k8s.io/apiserver's delegated authentication reads them, kept current by a watch: a rotated
 * front-proxy CA is trusted, and the old one refused, without a restart. The CA bundles are
 * public certificates; nothing secret is read.
 */
public final class ExtensionApiserverAuthentication implements AutoCloseable {

    static final String NAMESPACE = "kube-system";
    static final String NAME = "extension-apiserver-authentication";

    private static final Logger LOG = Logger.getLogger(ExtensionApiserverAuthentication.class.getName());
    private static final Duration WATCH_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final GenericKubernetesApi<V1ConfigMap, V1ConfigMapList> configMaps;
    private final AtomicReference<AuthenticationSettings> current = new AtomicReference<>();
    private volatile boolean closed;
    private Thread watcher;

    public ExtensionApiserverAuthentication(ApiClient client) {
        this.configMaps = new GenericKubernetesApi<>(V1ConfigMap.class, V1ConfigMapList.class, "", "v1",
                "configmaps", client);
    }

    /** Reads the ConfigMap (retrying up to {@code startupTimeout}), then keeps watching it. */
    public ExtensionApiserverAuthentication start(Duration startupTimeout) {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        String resourceVersion = null;
        RuntimeException last = null;
        while (resourceVersion == null && System.nanoTime() < deadline) {
            try {
                resourceVersion = load();
            } catch (RuntimeException e) {
                last = e;
                sleep(Duration.ofSeconds(1));
            }
        }
        if (resourceVersion == null) {
            throw new IllegalStateException("cannot read " + NAMESPACE + "/" + NAME + ": "
                    + (last == null ? "timed out" : last.getMessage()));
        }
        String from = resourceVersion;
        watcher = Thread.ofVirtual().name("extension-apiserver-authentication-watch").start(() -> watchLoop(from));
        return this;
    }

    public AuthenticationSettings current() {
        return current.get();
    }

    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    /**
     * Reads the ConfigMap by a LIST and returns the list's resourceVersion (the store's current
     * one) to watch from. Not the object's own resourceVersion: a ConfigMap unchanged for long is
     * older than the watch cache, and a watch from it would end at once with 410, again and again.
     */
    private String load() {
        KubernetesApiResponse<V1ConfigMapList> response = configMaps.list(NAMESPACE, byName());
        if (!response.isSuccess()) {
            throw new IllegalStateException("HTTP " + response.getHttpStatusCode());
        }
        V1ConfigMapList list = response.getObject();
        if (list.getItems().isEmpty()) {
            throw new IllegalStateException(NAMESPACE + "/" + NAME + " does not exist");
        }
        apply(list.getItems().getFirst());
        return list.getMetadata().getResourceVersion();
    }

    private static ListOptions byName() {
        ListOptions options = new ListOptions();
        options.setFieldSelector("metadata.name=" + NAME);
        return options;
    }

    private void watchLoop(String resourceVersion) {
        String from = resourceVersion;
        Duration backoff = Duration.ofSeconds(1);
        while (!closed) {
            ListOptions options = byName();
            options.setResourceVersion(from);
            options.setTimeoutSeconds((int) WATCH_TIMEOUT.toSeconds());
            boolean expired = false;
            try (Watchable<V1ConfigMap> watch = configMaps.watch(NAMESPACE, options)) {
                for (io.kubernetes.client.util.Watch.Response<V1ConfigMap> event : watch) {
                    if ("ERROR".equals(event.type)) {
                        expired = true;
                        break;
                    }
                    if (event.object != null && event.object.getMetadata() != null) {
                        if (!"DELETED".equals(event.type)) {
                            apply(event.object);
                        }
                        from = event.object.getMetadata().getResourceVersion();
                    }
                }
                if (expired) {
                    // Expired (410) or another watch error: relist, then watch from the list's version.
                    from = load();
                }
                backoff = Duration.ofSeconds(1);
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                LOG.warning("watching " + NAMESPACE + "/" + NAME + " failed (" + e.getClass().getSimpleName()
                        + "); retrying in " + backoff.toSeconds() + "s");
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                try {
                    from = load();
                } catch (RuntimeException reload) {
                    // Keep the last good settings; try again after the next backoff.
                }
            }
        }
    }

    void apply(V1ConfigMap configMap) {
        AuthenticationSettings settings = parse(configMap.getData() == null ? Map.of() : configMap.getData());
        AuthenticationSettings previous = current.getAndSet(settings);
        if (previous == null || !previous.equals(settings)) {
            LOG.info("authentication settings from " + NAMESPACE + "/" + NAME + ": " + settings.clientCas().size()
                    + " client CA(s), " + settings.requestHeaderCas().size() + " front-proxy CA(s), allowed names "
                    + settings.requestHeader().allowedNames());
        }
    }

    static AuthenticationSettings parse(Map<String, String> data) {
        return new AuthenticationSettings(
                certificates(data.get("client-ca-file")),
                certificates(data.get("requestheader-client-ca-file")),
                new RequestHeaderAuthenticator.Settings(
                        jsonList(data.get("requestheader-allowed-names")),
                        jsonList(data.get("requestheader-username-headers")),
                        jsonList(data.get("requestheader-group-headers")),
                        jsonList(data.get("requestheader-extra-headers-prefix"))));
    }

    private static List<X509Certificate> certificates(String pem) {
        return pem == null || pem.isBlank() ? List.of() : Pem.readCertificates(pem);
    }

    /** The requestheader-* values are JSON arrays inside strings. */
    static List<String> jsonList(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        JsonArray array = JsonParser.parseString(value).getAsJsonArray();
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.getAsString()));
        return List.copyOf(items);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
