package dev.virtualsecrets.server.watch;

/** The type and resourceVersion of the last event published for one object. */
public record LastEvent(WatchEvent.Type type, long resourceVersion) {
}
