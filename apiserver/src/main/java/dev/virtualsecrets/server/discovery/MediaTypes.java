package dev.virtualsecrets.server.discovery;

import java.util.Optional;

/** Content types this server answers with, and shortcuts over {@link AcceptHeader} for the router. */
public final class MediaTypes {

    public static final String JSON = "application/json";
    public static final String JSON_WATCH_STREAM = "application/json;stream=watch";
    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String APPLY_PATCH = "application/apply-patch+yaml";

    private MediaTypes() {
    }

    /** {@code v2} / {@code v2beta1} when {@code /apis} should answer with an APIGroupDiscoveryList. */
    public static Optional<String> wantsAggregatedDiscovery(String accept) {
        return AcceptHeader.parse(accept).aggregatedDiscoveryVersion();
    }

    /** The meta.k8s.io rendering (Table, PartialObjectMetadata, PartialObjectMetadataList) the client asks for. */
    public static Optional<AcceptHeader.Conversion> wantsMetaConversion(String accept) {
        return AcceptHeader.parse(accept).metaConversion();
    }

    public static boolean acceptsJson(String accept) {
        return AcceptHeader.parse(accept).acceptsJson();
    }

    /** The Content-Type of an aggregated discovery answer: it echoes what client-go asked for. */
    public static String aggregatedDiscovery(String version) {
        return JSON + ";g=" + AcceptHeader.DISCOVERY_GROUP + ";v=" + version + ";as=" + AcceptHeader.DISCOVERY_KIND;
    }

    /** The Content-Type of a Table answer. */
    public static String table(String version) {
        return JSON + ";as=" + AcceptHeader.TABLE_KIND + ";v=" + version + ";g=" + AcceptHeader.TABLE_GROUP;
    }
}
