package dev.virtualsecrets.server.openapi;

import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.discovery.MediaTypes;
import dev.virtualsecrets.server.openapi.Operation.RequestBody;

import java.util.List;
import java.util.Map;

/**
 * The REST operations of {@code virtualsecrets}, as kube-apiserver documents those of a
 * namespaced resource. PATCH advertises JSON patch, merge patch and apply patch only: kubectl
 * reads this list to choose its patch type, and strategic merge is not served.
 */
final class ResourcePaths {

    static final String DEFINITION_PREFIX = "dev.virtualsecrets.v1alpha1.";
    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    static final String VIRTUAL_SECRET = DEFINITION_PREFIX + VirtualSecrets.KIND;
    static final String VIRTUAL_SECRET_LIST = DEFINITION_PREFIX + VirtualSecrets.LIST_KIND;
    static final String STATUS = META + "Status";
    static final String DELETE_OPTIONS = META + "DeleteOptions";
    static final String PATCH = META + "Patch";

    static final String TAG = "virtualsecretsDev_v1alpha1";
    private static final String ID_SUFFIX = "VirtualsecretsDevV1alpha1";
    private static final String BASE = "/apis/" + VirtualSecrets.API_VERSION;

    private static final Parameter NAMESPACE = new Parameter("namespace", Parameter.In.PATH, "string",
            "object name and auth scope, such as for teams and projects");
    private static final Parameter NAME = new Parameter("name", Parameter.In.PATH, "string",
            "name of the VirtualSecret");
    private static final Parameter PRETTY = query("pretty", "string",
            "If 'true', then the output is pretty printed.");

    private static final Parameter DRY_RUN = query("dryRun", "string",
            "When present, indicates that modifications should not be persisted: nothing is written to "
                    + "Vault and no lease is created or revoked. The only valid value is 'All'.");
    private static final Parameter FIELD_MANAGER = query("fieldManager", "string",
            "fieldManager is a name associated with the actor or entity that is making these changes. "
                    + "The value must be less than or 128 characters long, and only contain printable "
                    + "characters. Required for apply requests (application/apply-patch+yaml).");
    private static final Parameter FIELD_VALIDATION = query("fieldValidation", "string",
            "fieldValidation instructs the server on how to handle objects in the request containing "
                    + "unknown or duplicate fields. Valid values are: Ignore (drop them silently), Warn "
                    + "(drop them and answer with a warning header for each; the default) and Strict "
                    + "(fail the request with BadRequest).");
    private static final Parameter FORCE = query("force", "boolean",
            "Force is going to \"force\" Apply requests: the request takes ownership of fields other "
                    + "managers own. Must be unset for non-apply patch requests.");

    private static final List<Parameter> LIST_PARAMETERS = List.of(
            query("allowWatchBookmarks", "boolean",
                    "allowWatchBookmarks requests watch events with type \"BOOKMARK\". Servers that do not "
                            + "implement bookmarks may ignore this flag."),
            query("continue", "string",
                    "The continue option should be set when retrieving more results from the server. Its "
                            + "value is the metadata.continue of the previous page."),
            query("fieldSelector", "string",
                    "A selector to restrict the list of returned objects by their fields. Supported: "
                            + "metadata.name and metadata.namespace, with =, == and !=."),
            query("labelSelector", "string",
                    "A selector to restrict the list of returned objects by their labels. Defaults to "
                            + "everything."),
            query("limit", "integer",
                    "limit is a maximum number of responses to return for a list call. If more items "
                            + "exist, the server sets the continue field on the list metadata."),
            query("resourceVersion", "string",
                    "resourceVersion sets a constraint on what resource versions a request may be "
                            + "served from; for a watch, where it starts. Defaults to unset."),
            query("resourceVersionMatch", "string",
                    "resourceVersionMatch determines how resourceVersion is applied to list calls: "
                            + "NotOlderThan or Exact. Defaults to unset."),
            query("sendInitialEvents", "boolean",
                    "With watch=true and resourceVersionMatch=NotOlderThan, sendInitialEvents=true starts "
                            + "the watch with a synthetic ADDED event for every existing object, followed by "
                            + "a BOOKMARK annotated \"k8s.io/initial-events-end\": \"true\"."),
            query("timeoutSeconds", "integer",
                    "Timeout for the list/watch call. This limits the duration of the call, regardless "
                            + "of any activity or inactivity."),
            query("watch", "boolean",
                    "Watch for changes to the described resources and return them as a stream of add, "
                            + "update, and remove notifications. Specify resourceVersion."));

    private static final List<Parameter> WRITE_PARAMETERS = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);

    private static final List<Parameter> DELETE_PARAMETERS = List.of(DRY_RUN,
            query("gracePeriodSeconds", "integer",
                    "The duration in seconds before the object should be deleted. VirtualSecrets are "
                            + "deleted at once; the value is accepted and ignored."),
            query("propagationPolicy", "string",
                    "Whether and how garbage collection will be performed: 'Orphan', 'Background' or "
                            + "'Foreground'. VirtualSecrets have no dependents."));

    private static final List<String> JSON = List.of(MediaTypes.JSON);
    private static final List<String> JSON_AND_WATCH = List.of(MediaTypes.JSON, MediaTypes.JSON_WATCH_STREAM);

    private ResourcePaths() {
    }

    static List<PathItem> all() {
        return List.of(allNamespaces(), namespacedCollection(), item());
    }

    private static PathItem allNamespaces() {
        return new PathItem(BASE + "/" + VirtualSecrets.PLURAL, List.of(PRETTY), List.of(
                new Operation("get", "list" + ID_SUFFIX + "VirtualSecretForAllNamespaces",
                        "list or watch objects of kind VirtualSecret in all namespaces the caller may read",
                        "list", LIST_PARAMETERS, null, Map.of("200", VIRTUAL_SECRET_LIST), JSON_AND_WATCH)));
    }

    private static PathItem namespacedCollection() {
        return new PathItem(BASE + "/namespaces/{namespace}/" + VirtualSecrets.PLURAL, List.of(NAMESPACE, PRETTY),
                List.of(
                        new Operation("get", "list" + ID_SUFFIX + "NamespacedVirtualSecret",
                                "list or watch objects of kind VirtualSecret", "list", LIST_PARAMETERS, null,
                                Map.of("200", VIRTUAL_SECRET_LIST), JSON_AND_WATCH),
                        new Operation("post", "create" + ID_SUFFIX + "NamespacedVirtualSecret",
                                "create a VirtualSecret: writes a new KV v2 secret to Vault", "post",
                                WRITE_PARAMETERS, new RequestBody(VIRTUAL_SECRET, JSON, true),
                                Map.of("200", VIRTUAL_SECRET, "201", VIRTUAL_SECRET, "202", VIRTUAL_SECRET),
                                JSON)));
    }

    private static PathItem item() {
        List<Parameter> patchParameters = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE);
        return new PathItem(BASE + "/namespaces/{namespace}/" + VirtualSecrets.PLURAL + "/{name}",
                List.of(NAME, NAMESPACE, PRETTY), List.of(
                new Operation("get", "read" + ID_SUFFIX + "NamespacedVirtualSecret",
                        "read the specified VirtualSecret, live from Vault", "get", List.of(), null,
                        Map.of("200", VIRTUAL_SECRET), JSON),
                new Operation("put", "replace" + ID_SUFFIX + "NamespacedVirtualSecret",
                        "replace the specified VirtualSecret: writes a new KV v2 version, checked against "
                                + "metadata.resourceVersion", "put", WRITE_PARAMETERS,
                        new RequestBody(VIRTUAL_SECRET, JSON, true),
                        Map.of("200", VIRTUAL_SECRET, "201", VIRTUAL_SECRET), JSON),
                new Operation("patch", "patch" + ID_SUFFIX + "NamespacedVirtualSecret",
                        "partially update the specified VirtualSecret (JSON patch, merge patch or "
                                + "server-side apply; strategic merge patch is not supported)", "patch",
                        patchParameters,
                        new RequestBody(PATCH, List.of(MediaTypes.JSON_PATCH, MediaTypes.MERGE_PATCH,
                                MediaTypes.APPLY_PATCH), true),
                        Map.of("200", VIRTUAL_SECRET, "201", VIRTUAL_SECRET), JSON),
                new Operation("delete", "delete" + ID_SUFFIX + "NamespacedVirtualSecret",
                        "delete a VirtualSecret: deletes the KV v2 secret, or revokes the caller's lease of "
                                + "a dynamic secret", "delete", DELETE_PARAMETERS,
                        new RequestBody(DELETE_OPTIONS, JSON, false),
                        Map.of("200", STATUS, "202", STATUS), JSON)));
    }

    private static Parameter query(String name, String type, String description) {
        return new Parameter(name, Parameter.In.QUERY, type, description);
    }
}
