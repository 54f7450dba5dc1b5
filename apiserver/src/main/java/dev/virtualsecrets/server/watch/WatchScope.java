package dev.virtualsecrets.server.watch;

import dev.virtualsecrets.server.user.CallerIdentity;

/**
 * What one watcher watches, for whoever has to look for changes on its behalf (KV polling): a
 * namespace (null = all), a name (null = any), the watcher's identity, and the resourceVersion
 * after which it must see every change ({@code since}).
 */
public record WatchScope(String namespace, String name, CallerIdentity watcher, long since) {
}
