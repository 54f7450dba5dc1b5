package dev.virtualsecrets.server.replicas;

import java.net.URI;

/** One serving replica: its id (the pod name) and the HTTPS address its peers reach it at. */
public record Replica(String id, URI address) {
}
