package dev.virtualsecrets.server.registry.kv;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.watch.LastEvent;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchEvent;
import dev.virtualsecrets.server.watch.WatchHub;
import dev.virtualsecrets.server.watch.WatchScope;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notices changes made to KV secrets outside the API (e.g. {@code bao kv put}) and publishes them
 * to watchers. Only what someone watches is polled (cost grows with watched secrets, not with all
 * secrets): every interval (with ±20 % jitter) each watched scope (one object, a namespace, or all
 * namespaces) has its KV metadata read, as one of its watchers (so Vault's policy for that caller
 * applies), and compared with the previous round. A new or changed version is read and published
 * as ADDED or MODIFIED with the version's own resourceVersion; a secret gone is published as
 * DELETED. Changes the API itself already published are not announced again. The first round of
 * a scope only takes note. Vault's event subscriptions (Enterprise; OpenBao has none) are not used.
 */
public final class KvChangePoller implements AutoCloseable {

    private record Scope(String namespace, String name) {
    }

    private static final Logger LOG = Logger.getLogger(KvChangePoller.class.getName());

    private final KvVersions storage;
    private final Predicate<String> shadowed;
    private final WatchHub hub;
    private final ResourceVersionClock clock;
    private final Duration interval;
    /** Per watched scope: "namespace/name" → resourceVersion, as seen in the last round. */
    private final Map<Scope, Map<String, Long>> seen = new HashMap<>();
    private volatile Thread thread;

    /** {@code shadowed}: names another source serves (a KV secret of that name is not announced). */
    public KvChangePoller(KvVersions storage, Predicate<String> shadowed, WatchHub hub, ResourceVersionClock clock,
                          Duration interval) {
        this.storage = storage;
        this.shadowed = shadowed;
        this.hub = hub;
        this.clock = clock;
        this.interval = interval;
    }

    /** Polls on a virtual thread until closed; a zero interval turns polling off. */
    public KvChangePoller start() {
        if (!interval.isZero()) {
            thread = Thread.ofVirtual().name("kv-change-poller").start(this::loop);
        }
        return this;
    }

    @Override
    public void close() {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(jittered());
                pollOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "KV change polling failed ({0}); next round as usual", e.getClass().getSimpleName());
            }
        }
    }

    private Duration jittered() {
        long millis = interval.toMillis();
        return Duration.ofMillis(millis * 4 / 5 + ThreadLocalRandom.current().nextLong(Math.max(1, millis * 2 / 5)));
    }

    /** One round: every watched scope, once, as one of its watchers. */
    public synchronized void pollOnce() {
        Map<Scope, CallerIdentity> scopes = new LinkedHashMap<>();
        for (WatchScope scope : hub.scopes()) {
            // A name across all namespaces is polled as all namespaces (names are per namespace).
            Scope key = scope.namespace() == null ? new Scope(null, null) : new Scope(scope.namespace(), scope.name());
            // A caller's watch first: the server (controllers' metadata watches) reads no value to announce.
            scopes.merge(key, scope.watcher(), (kept, other) -> kept == CallerIdentity.SERVER ? other : kept);
        }
        seen.keySet().retainAll(scopes.keySet());
        scopes.forEach(this::poll);
    }

    private void poll(Scope scope, CallerIdentity watcher) {
        if (scope.name() != null && shadowed.test(scope.name())) {
            return;
        }
        Map<String, Long> now;
        try {
            now = new TreeMap<>(storage.resourceVersions(watcher, scope.namespace(), scope.name()));
            now.keySet().removeIf(object -> shadowed.test(object.substring(object.indexOf('/') + 1)));
        } catch (ApiException e) {
            // Vault unavailable or refusing this watcher: try again next round, keep the last view.
            return;
        }
        Map<String, Long> before = seen.put(scope, now);
        if (before == null) {
            return;
        }
        now.forEach((object, version) -> {
            if (!Objects.equals(before.get(object), version)) {
                changed(watcher, object, version, !before.containsKey(object));
            }
        });
        before.keySet().stream().filter(object -> !now.containsKey(object)).forEach(this::gone);
    }

    private void changed(CallerIdentity watcher, String object, long version, boolean added) {
        String[] key = object.split("/", 2);
        Optional<LastEvent> last = hub.lastEvent(key[0], key[1]);
        if (last.isPresent() && last.get().resourceVersion() >= version && last.get().type() != WatchEvent.Type.DELETED) {
            return;
        }
        VirtualSecret secret;
        try {
            secret = storage.get(watcher, key[0], key[1], GetOptions.NONE);
        } catch (ApiException e) {
            return;
        }
        long current = Long.parseLong(secret.getMetadata().getResourceVersion());
        hub.publish(new WatchEvent(added ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED, current, secret));
    }

    private void gone(String object) {
        String[] key = object.split("/", 2);
        Optional<LastEvent> last = hub.lastEvent(key[0], key[1]);
        if (last.isPresent() && last.get().type() == WatchEvent.Type.DELETED) {
            return;
        }
        long version = clock.next();
        V1ObjectMeta metadata = new V1ObjectMeta().namespace(key[0]).name(key[1]).resourceVersion(Long.toString(version));
        hub.publish(new WatchEvent(WatchEvent.Type.DELETED, version,
                new VirtualSecret().apiVersion(VirtualSecrets.API_VERSION).kind(VirtualSecrets.KIND).metadata(metadata)));
    }
}
