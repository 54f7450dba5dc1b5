package dev.virtualsecrets.server.watch;

import dev.virtualsecrets.server.user.CallerIdentity;

/**
 * What one watcher watches, for whoever has to look for changes on its behalf (KV polling): a
 * namespace (null = all), a name (null = any), and the watcher's identity.
 */
public record WatchScope(String namespace, String name, CallerIdentity watcher) {
}
