package dev.virtualsecrets.server.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.discovery.MediaTypes;
import dev.virtualsecrets.server.discovery.StaticDocument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The OpenAPI documents of {@code virtualsecrets.dev/v1alpha1}, serialized once at start:
 * Swagger 2.0 for {@code /openapi/v2}, and OpenAPI 3.0 for {@code /openapi/v3} (the index) and
 * {@code /openapi/v3/apis/virtualsecrets.dev/v1alpha1}. They are what {@code kubectl explain},
 * kubectl's patch-type and field-validation checks, and kube-aggregator's OpenAPI merge read.
 *
 * <p>Each document has a strong ETag (quoted upper-case hex SHA-512 of its bytes) for
 * {@code If-None-Match}. The index links the group-version document with {@code ?hash=<hash>};
 * a request carrying the current hash may be cached as immutable, and one with a stale hash
 * should be redirected to {@link #v3GroupVersionUrl()} (see {@link #isCurrentV3Hash}).
 */
public final class OpenApiDocuments {

    /** The index key and URL of the group-version document, as kube-openapi's handler names them. */
    public static final String V3_GROUP_VERSION_KEY = "apis/" + VirtualSecrets.API_VERSION;
    public static final String V3_GROUP_VERSION_PATH = "/openapi/v3/" + V3_GROUP_VERSION_KEY;
    /** Cache-Control for a group-version request whose {@code hash} matches: its bytes never change. */
    public static final String IMMUTABLE_CACHE_CONTROL = "public, immutable";

    private static final String DEFINITIONS_RESOURCE = "definitions.json";
    private static final String TITLE = "VirtualSecrets";

    private final StaticDocument v2;
    private final StaticDocument v3GroupVersion;
    private final StaticDocument v3Index;

    public OpenApiDocuments(ObjectMapper mapper) {
        ObjectNode definitions = loadDefinitions(mapper);
        List<PathItem> paths = ResourcePaths.all();
        this.v2 = json(mapper, new SwaggerV2Writer(mapper).document(TITLE, VirtualSecrets.VERSION, paths, definitions));
        this.v3GroupVersion = json(mapper,
                new OpenApiV3Writer(mapper).document(TITLE, VirtualSecrets.VERSION, paths, definitions));
        ObjectNode index = mapper.createObjectNode();
        index.putObject("paths").putObject(V3_GROUP_VERSION_KEY)
                .put("serverRelativeURL", V3_GROUP_VERSION_PATH + "?hash=" + v3GroupVersion.hash());
        this.v3Index = json(mapper, index);
    }

    public byte[] v2() {
        return v2.body();
    }

    public String v2ETag() {
        return v2.etag();
    }

    public byte[] v3Index() {
        return v3Index.body();
    }

    public String v3IndexETag() {
        return v3Index.etag();
    }

    public byte[] v3GroupVersion() {
        return v3GroupVersion.body();
    }

    public String v3GroupVersionETag() {
        return v3GroupVersion.etag();
    }

    /** Upper-case hex SHA-512 of {@link #v3GroupVersion()}, as linked from the index. */
    public String v3Hash() {
        return v3GroupVersion.hash();
    }

    /** The URL the index links to, hash included. */
    public String v3GroupVersionUrl() {
        return V3_GROUP_VERSION_PATH + "?hash=" + v3Hash();
    }

    /** Whether a {@code hash} query parameter (null when absent) names the current document. */
    public boolean isCurrentV3Hash(String hashParameter) {
        return hashParameter == null || hashParameter.isEmpty() || hashParameter.equals(v3Hash());
    }

    /** The documents with their content types and ETags, for a router that serves StaticDocuments. */
    public StaticDocument v2Document() {
        return v2;
    }

    public StaticDocument v3IndexDocument() {
        return v3Index;
    }

    public StaticDocument v3GroupVersionDocument() {
        return v3GroupVersion;
    }

    /** An operation's {@code x-kubernetes-group-version-kind}: one object, unlike a definition's list. */
    static ObjectNode groupVersionKind(ObjectMapper mapper) {
        ObjectNode gvk = mapper.createObjectNode();
        gvk.put("group", VirtualSecrets.GROUP);
        gvk.put("kind", VirtualSecrets.KIND);
        gvk.put("version", VirtualSecrets.VERSION);
        return gvk;
    }

    static String describe(String code) {
        return switch (code) {
            case "200" -> "OK";
            case "201" -> "Created";
            case "202" -> "Accepted";
            default -> throw new IllegalArgumentException("undocumented response code " + code);
        };
    }

    private static ObjectNode loadDefinitions(ObjectMapper mapper) {
        try (InputStream in = OpenApiDocuments.class.getResourceAsStream(DEFINITIONS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFINITIONS_RESOURCE);
            }
            return (ObjectNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StaticDocument json(ObjectMapper mapper, ObjectNode document) {
        try {
            return StaticDocument.of(mapper.writeValueAsBytes(document), MediaTypes.JSON);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
