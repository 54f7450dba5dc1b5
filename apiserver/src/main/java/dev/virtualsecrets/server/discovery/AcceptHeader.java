package dev.virtualsecrets.server.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed Accept header. Ranges are ordered by quality, highest first, and keep the client's
 * order among equal qualities (like the apiserver's negotiation). Malformed entries and entries
 * with {@code q=0} are dropped; an empty or missing header accepts anything.
 */
public record AcceptHeader(List<MediaRange> ranges) {

    static final String DISCOVERY_GROUP = "apidiscovery.k8s.io";
    static final String DISCOVERY_KIND = "APIGroupDiscoveryList";
    static final Set<String> DISCOVERY_VERSIONS = Set.of("v2", "v2beta1");
    static final String TABLE_GROUP = "meta.k8s.io";
    static final String TABLE_KIND = "Table";
    static final String PARTIAL_OBJECT_METADATA_KIND = "PartialObjectMetadata";
    static final String PARTIAL_OBJECT_METADATA_LIST_KIND = "PartialObjectMetadataList";
    /** The meta.k8s.io renderings of a resource kube-apiserver serves; the client's order among them decides. */
    static final Set<String> META_KINDS = Set.of(TABLE_KIND, PARTIAL_OBJECT_METADATA_KIND,
            PARTIAL_OBJECT_METADATA_LIST_KIND);
    static final Set<String> META_VERSIONS = Set.of("v1", "v1beta1");

    /** A rendering of the response as another kind ({@code as=}), in a version ({@code v=}). */
    public record Conversion(String kind, String version) {

        public boolean isTable() {
            return TABLE_KIND.equals(kind);
        }

        /** PartialObjectMetadata or PartialObjectMetadataList: metadata only. */
        public boolean isPartialObjectMetadata() {
            return PARTIAL_OBJECT_METADATA_KIND.equals(kind) || PARTIAL_OBJECT_METADATA_LIST_KIND.equals(kind);
        }

        public boolean isList() {
            return PARTIAL_OBJECT_METADATA_LIST_KIND.equals(kind);
        }
    }

    private static final MediaRange ANYTHING = new MediaRange("*", "*", Map.of(), 1.0);

    public AcceptHeader {
        ranges = List.copyOf(ranges);
    }

    public static AcceptHeader parse(String header) {
        if (header == null || header.isBlank()) {
            return new AcceptHeader(List.of(ANYTHING));
        }
        List<MediaRange> ranges = new ArrayList<>();
        for (String entry : splitOutsideQuotes(header, ',')) {
            parseRange(entry).filter(r -> r.quality() > 0).ifPresent(ranges::add);
        }
        ranges.sort(Comparator.comparingDouble(MediaRange::quality).reversed());
        return new AcceptHeader(ranges);
    }

    /**
     * The aggregated discovery version ({@code v2} or {@code v2beta1}) when the best range this
     * server can serve asks for {@code APIGroupDiscoveryList}; empty when plain JSON wins.
     */
    public Optional<String> aggregatedDiscoveryVersion() {
        return bestConversion(DISCOVERY_GROUP, Set.of(DISCOVERY_KIND), DISCOVERY_VERSIONS).map(Conversion::version);
    }

    /**
     * The meta.k8s.io rendering of a resource (Table, PartialObjectMetadata or
     * PartialObjectMetadataList; v1 or v1beta1) when the best servable range asks for one; empty
     * when plain JSON wins. Like kube-apiserver, the kind is not matched to the request here: a
     * PartialObjectMetadataList asked of one object is the handler's 406.
     */
    public Optional<Conversion> metaConversion() {
        return bestConversion(TABLE_GROUP, META_KINDS, META_VERSIONS);
    }

    /** Whether plain JSON is acceptable at all; when false, the caller answers 406. */
    public boolean acceptsJson() {
        return ranges.stream().anyMatch(MediaRange::isPlainJson);
    }

    private Optional<Conversion> bestConversion(String group, Set<String> kinds, Set<String> versions) {
        for (MediaRange range : ranges) {
            for (String kind : kinds) {
                Optional<String> version = range.asKind(group, kind, versions);
                if (version.isPresent()) {
                    return Optional.of(new Conversion(kind, version.get()));
                }
            }
            if (range.isPlainJson()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<MediaRange> parseRange(String entry) {
        List<String> parts = splitOutsideQuotes(entry, ';');
        String mediaType = parts.getFirst().trim().toLowerCase(Locale.ROOT);
        int slash = mediaType.indexOf('/');
        if (slash <= 0 || slash == mediaType.length() - 1 || mediaType.indexOf('/', slash + 1) >= 0
                || !isToken(mediaType.substring(0, slash)) || !isToken(mediaType.substring(slash + 1))) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        double quality = 1.0;
        for (String parameter : parts.subList(1, parts.size())) {
            int eq = parameter.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            String key = parameter.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = unquote(parameter.substring(eq + 1).trim());
            if ("q".equals(key)) {
                try {
                    quality = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                if (!(quality >= 0 && quality <= 1)) {
                    return Optional.empty();
                }
            } else {
                parameters.put(key, value);
            }
        }
        return Optional.of(new MediaRange(mediaType.substring(0, slash), mediaType.substring(slash + 1),
                parameters, quality));
    }

    private static boolean isToken(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"");
        }
        return value;
    }

    private static List<String> splitOutsideQuotes(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
