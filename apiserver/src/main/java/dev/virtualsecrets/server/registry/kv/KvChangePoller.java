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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * DELETED. Changes the API itself already published are not announced again.
 *
 * <p>No change after a watch's start is skipped: a scope's first round (taken as soon as a watch
 * opens on it, not at the next interval) and any round where a watch joins from an older
 * resourceVersion announce every version newer than that start, so a change made between the
 * watch's start and the round, or while Vault was unreachable, is delivered too. A deletion
 * between a new scope's start and its first round (milliseconds after the watch opened) is the one
 * change it cannot see. Vault's event subscriptions (Enterprise; OpenBao has none) are not used.
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
    /** Per watched scope: the resourceVersion after which every change has been announced. */
    private final Map<Scope, Long> covered = new HashMap<>();
    /** Released when a watch opens, so that a new scope is looked at at once. */
    private final Semaphore opened = new Semaphore(0);
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
            hub.onSubscribe(opened::release);
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
                boolean watchOpened = opened.tryAcquire(jittered().toMillis(), TimeUnit.MILLISECONDS);
                opened.drainPermits();
                poll(watchOpened);
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
    public void pollOnce() {
        poll(false);
    }

    /** {@code behindOnly}: only the scopes whose watchers need changes older than what was announced. */
    private synchronized void poll(boolean behindOnly) {
        Map<Scope, CallerIdentity> watchers = new LinkedHashMap<>();
        Map<Scope, Long> since = new HashMap<>();
        for (WatchScope scope : hub.scopes()) {
            // A name across all namespaces is polled as all namespaces (names are per namespace).
            Scope key = scope.namespace() == null ? new Scope(null, null) : new Scope(scope.namespace(), scope.name());
            // A caller's watch first: the server (controllers' metadata watches) reads no value to announce.
            watchers.merge(key, scope.watcher(), (kept, other) -> kept == CallerIdentity.SERVER ? other : kept);
            since.merge(key, scope.since(), Math::min);
        }
        seen.keySet().retainAll(watchers.keySet());
        covered.keySet().retainAll(watchers.keySet());
        // Callers' scopes first: what they announce (values included) reaches the controllers' watches
        // too, which then need no metadata-only announcement of their own.
        List<Map.Entry<Scope, CallerIdentity>> ordered = new ArrayList<>(watchers.entrySet());
        ordered.sort(Comparator.comparing(entry -> entry.getValue() == CallerIdentity.SERVER));
        ordered.forEach(entry -> {
            Scope scope = entry.getKey();
            CallerIdentity watcher = entry.getValue();
            long from = since.get(scope);
            boolean behind = !covered.containsKey(scope) || from < covered.get(scope);
            if (behind || !behindOnly) {
                poll(scope, watcher, behind ? from : -1);
            }
        });
    }

    /** {@code catchUpFrom}: announce every version newer than it (-1: only what changed since the last round). */
    private void poll(Scope scope, CallerIdentity watcher, long catchUpFrom) {
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
        now.forEach((object, version) -> {
            boolean changedSinceLastRound = before != null && !Objects.equals(before.get(object), version);
            if (changedSinceLastRound || version > catchUpFrom && catchUpFrom >= 0) {
                changed(watcher, object, version, before == null ? null : !before.containsKey(object), catchUpFrom);
            }
        });
        if (before != null) {
            before.keySet().stream().filter(object -> !now.containsKey(object)).forEach(this::gone);
        }
        if (catchUpFrom >= 0) {
            covered.merge(scope, catchUpFrom, Math::min);
        }
    }

    /**
     * @param added       whether the secret is new since the last round; null when there was no
     *                    last round (then: created after {@code catchUpFrom})
     */
    private void changed(CallerIdentity watcher, String object, long version, Boolean added, long catchUpFrom) {
        String[] key = object.split("/", 2);
        Optional<LastEvent> last = hub.lastEvent(key[0], key[1]);
        if (last.isPresent() && last.get().resourceVersion() >= version && last.get().type() != WatchEvent.Type.DELETED) {
            return;
        }
        boolean metadataOnly = watcher == CallerIdentity.SERVER;
        VirtualSecret secret;
        try {
            // Only Kubernetes' controllers watch here (metadata-only): no value is read for them.
            secret = metadataOnly ? new VirtualSecret().metadata(storage.getMetadata(watcher, key[0], key[1],
                    GetOptions.NONE)) : storage.get(watcher, key[0], key[1], GetOptions.NONE);
        } catch (ApiException e) {
            return;
        }
        long current = Long.parseLong(secret.getMetadata().getResourceVersion());
        boolean isNew = added != null ? added : createdAfter(secret, catchUpFrom);
        WatchEvent.Type type = isNew ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED;
        hub.publish(metadataOnly ? WatchEvent.forOwner(type, current, secret, watcher.key())
                : new WatchEvent(type, current, secret));
    }

    private static boolean createdAfter(VirtualSecret secret, long resourceVersion) {
        OffsetDateTime created = secret.getMetadata().getCreationTimestamp();
        // creationTimestamp has whole seconds, as Kubernetes writes it: compare in seconds.
        return created != null && created.toEpochSecond() >= resourceVersion / 1_000_000;
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
