package dev.virtualsecrets.server.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatch;
import com.flipkart.zjsonpatch.JsonPatchApplicationException;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.Status;
import dev.virtualsecrets.server.meta.PatchOptions;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;

import static dev.virtualsecrets.server.registry.rest.VirtualSecretResource.GROUP_KIND;

/**
 * Applies a PATCH body to the live object as a JSON tree, like the patchers of k8s.io/apiserver's
 * patch handler. A body that cannot be read is 400 BadRequest; a patch that cannot be applied to
 * this object is 422 Invalid. No error repeats the body: it may hold secret values.
 *
 * <p>JSON patch is zjsonpatch's. It decodes the pointer token {@code ~01} as {@code /} rather than
 * {@code ~1} (RFC 6901 order); harmless here, as label, annotation and data keys cannot hold {@code ~}.
 */
public final class PatchApplier {

    /**
     * As kube-apiserver's JSON patch library: removing a missing key fails, replacing one adds it.
     */
    private static final EnumSet<CompatibilityFlags> KUBERNETES_SEMANTICS = EnumSet.of(
            CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT, CompatibilityFlags.ALLOW_MISSING_TARGET_OBJECT_ON_REPLACE);

    /** kube-apiserver's limit on the operations of one JSON patch. */
    static final int MAX_JSON_PATCH_OPERATIONS = 10_000;

    private final Clock clock;
    private final PatchBodies bodies;

    public PatchApplier(Clock clock, ObjectMapper jsonMapper, ObjectMapper yamlMapper) {
        this.clock = clock;
        this.bodies = new PatchBodies(jsonMapper, yamlMapper);
    }

    /**
     * @param live the current object; null only for {@link PatchType#APPLY}, which then returns the
     *             object to create
     * @return the patched object, a new tree ({@code live} is not modified)
     */
    public JsonNode apply(PatchType type, JsonNode live, byte[] body, PatchOptions options) {
        if (live == null && type != PatchType.APPLY) {
            throw new IllegalArgumentException(type + " patches need the live object");
        }
        JsonNode patched = switch (type) {
            case MERGE -> MergePatch.apply(live, bodies.json(body));
            case JSON -> jsonPatch(live, bodies.json(body));
            case APPLY -> serverSideApply(live, body, options);
        };
        if (!patched.isObject()) {
            throw unprocessable(live, "the patched document is not an object");
        }
        return patched;
    }

    private JsonNode jsonPatch(JsonNode live, JsonNode patch) {
        try {
            JsonPatch.validate(patch);
        } catch (InvalidJsonPatchException e) {
            throw ApiErrors.badRequest("error decoding patch: invalid JSON patch: each operation needs a valid "
                    + "\"op\", a \"path\" and, depending on the op, \"from\" or \"value\"");
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // A path that is no JSON pointer ("nope", "/data/~2", "/data/~"): 422, as kube-apiserver answers.
            throw unprocessable(live, "a path is not a valid JSON pointer");
        }
        if (patch.size() > MAX_JSON_PATCH_OPERATIONS) {
            throw ApiErrors.requestEntityTooLarge(MAX_JSON_PATCH_OPERATIONS);
        }
        try {
            return JsonPatch.apply(patch, live, KUBERNETES_SEMANTICS);
        } catch (JsonPatchApplicationException e) {
            String op = e.getOperation() == null ? "patch" : e.getOperation().rfcName();
            String path = e.getPath() == null ? "" : e.getPath().toString();
            throw unprocessable(live, op.equals("test")
                    ? "testing value " + path + " failed: test failed"
                    : op + " operation does not apply at " + path);
        }
    }

    private JsonNode serverSideApply(JsonNode live, byte[] body, PatchOptions options) {
        if (options.fieldManager() == null || options.fieldManager().isEmpty()) {
            throw ApiErrors.badRequest("PATCH, application/apply-patch+yaml: fieldManager is required for apply patch");
        }
        JsonNode config = bodies.yaml(body);
        if (!config.isObject()) {
            throw ApiErrors.badRequest("error decoding YAML: the applied configuration must be an object");
        }
        if (live != null && !live.isObject()) {
            throw new IllegalArgumentException("the live object must be a JSON object");
        }
        return ServerSideApply.apply((ObjectNode) live, (ObjectNode) config, options.fieldManager(), options.force(),
                clock.instant());
    }

    private static RuntimeException unprocessable(JsonNode live, String detail) {
        String name = live == null ? "" : live.path("metadata").path("name").asText("");
        return ApiErrors.invalid(GROUP_KIND, name, List.of(new Status.Cause("FieldValueInvalid", detail, "patch")));
    }
}
