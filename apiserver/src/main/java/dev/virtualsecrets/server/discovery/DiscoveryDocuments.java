package dev.virtualsecrets.server.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtualsecrets.api.VirtualSecrets;

import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The discovery documents of the {@code virtualsecrets.dev} group, serialized once: legacy
 * discovery ({@code APIGroupList}, {@code APIGroup}, {@code APIResourceList}) and aggregated
 * discovery ({@code APIGroupDiscoveryList}, v2 and v2beta1) for {@code /apis}.
 */
public final class DiscoveryDocuments {

    private final StaticDocument apiGroupList;
    private final StaticDocument apiGroup;
    private final StaticDocument apiResourceList;
    private final Map<String, StaticDocument> aggregated;
    private final List<String> verbs;

    /**
     * {@code verbs}: what the storages support, sorted (no deletecollection: a collection delete
     * would fan out to many Vault writes under one call).
     */
    public DiscoveryDocuments(ObjectMapper mapper, Collection<String> verbs) {
        this.verbs = List.copyOf(new TreeSet<>(verbs));
        this.apiGroupList = json(mapper, apiGroupList(mapper), MediaTypes.JSON);
        this.apiGroup = json(mapper, apiGroup(mapper), MediaTypes.JSON);
        this.apiResourceList = json(mapper, apiResourceList(mapper), MediaTypes.JSON);
        this.aggregated = Map.of(
                "v2", json(mapper, aggregatedDiscovery(mapper, "v2"), MediaTypes.aggregatedDiscovery("v2")),
                "v2beta1", json(mapper, aggregatedDiscovery(mapper, "v2beta1"),
                        MediaTypes.aggregatedDiscovery("v2beta1")));
    }

    /** {@code GET /apis} with legacy JSON. */
    public StaticDocument apiGroupList() {
        return apiGroupList;
    }

    /** {@code GET /apis/virtualsecrets.dev}. */
    public StaticDocument apiGroup() {
        return apiGroup;
    }

    /** {@code GET /apis/virtualsecrets.dev/v1alpha1}; also the APIService availability probe. */
    public StaticDocument apiResourceList() {
        return apiResourceList;
    }

    /**
     * {@code GET /apis} for a client that asked for aggregated discovery (see
     * {@link MediaTypes#wantsAggregatedDiscovery}); the document's content type echoes the version.
     *
     * @throws IllegalArgumentException for a version other than v2 or v2beta1
     */
    public StaticDocument aggregatedDiscovery(String version) {
        StaticDocument document = aggregated.get(version);
        if (document == null) {
            throw new IllegalArgumentException("no aggregated discovery version " + version);
        }
        return document;
    }

    /**
     * {@code GET /apis}: aggregated discovery when the Accept header prefers it, legacy otherwise.
     * The caller answers 406 first when {@link MediaTypes#acceptsJson} and this both fail.
     */
    public StaticDocument apis(String accept) {
        return MediaTypes.wantsAggregatedDiscovery(accept).map(this::aggregatedDiscovery).orElse(apiGroupList);
    }

    private static StaticDocument json(ObjectMapper mapper, ObjectNode document, String contentType) {
        try {
            return StaticDocument.of(mapper.writeValueAsBytes(document), contentType);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode apiGroupList(ObjectMapper mapper) {
        ObjectNode list = mapper.createObjectNode();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        list.putArray("groups").add(group(mapper));
        return list;
    }

    private static ObjectNode apiGroup(ObjectMapper mapper) {
        ObjectNode group = mapper.createObjectNode();
        group.put("kind", "APIGroup");
        group.put("apiVersion", "v1");
        group.setAll(group(mapper));
        return group;
    }

    private static ObjectNode group(ObjectMapper mapper) {
        ObjectNode group = mapper.createObjectNode();
        group.put("name", VirtualSecrets.GROUP);
        group.putArray("versions").add(groupVersion(mapper));
        group.set("preferredVersion", groupVersion(mapper));
        return group;
    }

    private static ObjectNode groupVersion(ObjectMapper mapper) {
        ObjectNode version = mapper.createObjectNode();
        version.put("groupVersion", VirtualSecrets.API_VERSION);
        version.put("version", VirtualSecrets.VERSION);
        return version;
    }

    private ObjectNode apiResourceList(ObjectMapper mapper) {
        ObjectNode list = mapper.createObjectNode();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", VirtualSecrets.API_VERSION);
        ObjectNode resource = list.putArray("resources").addObject();
        resource.put("name", VirtualSecrets.PLURAL);
        resource.put("singularName", VirtualSecrets.SINGULAR);
        resource.put("namespaced", true);
        resource.put("kind", VirtualSecrets.KIND);
        strings(resource.putArray("verbs"), verbs);
        resource.putArray("shortNames").add(VirtualSecrets.SHORT_NAME);
        return list;
    }

    private ObjectNode aggregatedDiscovery(ObjectMapper mapper, String version) {
        ObjectNode list = mapper.createObjectNode();
        list.put("kind", "APIGroupDiscoveryList");
        list.put("apiVersion", "apidiscovery.k8s.io/" + version);
        list.putObject("metadata");
        ObjectNode group = list.putArray("items").addObject();
        group.putObject("metadata").put("name", VirtualSecrets.GROUP);
        ObjectNode groupVersion = group.putArray("versions").addObject();
        groupVersion.put("version", VirtualSecrets.VERSION);
        ObjectNode resource = groupVersion.putArray("resources").addObject();
        resource.put("resource", VirtualSecrets.PLURAL);
        ObjectNode responseKind = resource.putObject("responseKind");
        responseKind.put("group", VirtualSecrets.GROUP);
        responseKind.put("version", VirtualSecrets.VERSION);
        responseKind.put("kind", VirtualSecrets.KIND);
        resource.put("scope", "Namespaced");
        resource.put("singularResource", VirtualSecrets.SINGULAR);
        strings(resource.putArray("verbs"), verbs);
        resource.putArray("shortNames").add(VirtualSecrets.SHORT_NAME);
        groupVersion.put("freshness", "Current");
        return list;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
