package dev.virtualsecrets.server.registry.kv;

import java.util.Map;

/** One live KV secret: its metadata and its data as stored (values per {@link KvValueCodec}). */
record KvSecret(KvMetadata metadata, Map<String, String> data) {
}
