package dev.virtualsecrets.server.endpoints.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.GroupKind;
import dev.virtualsecrets.server.apierrors.Status;
import dev.virtualsecrets.server.meta.CreateOptions;
import dev.virtualsecrets.server.meta.DeleteOptions;
import dev.virtualsecrets.server.meta.FieldValidation;
import dev.virtualsecrets.server.meta.GetOptions;
import dev.virtualsecrets.server.meta.ListOptions;
import dev.virtualsecrets.server.meta.PatchOptions;
import dev.virtualsecrets.server.meta.ResourceVersionMatch;
import dev.virtualsecrets.server.meta.UpdateOptions;
import dev.virtualsecrets.server.selector.FieldSelector;
import dev.virtualsecrets.server.selector.LabelSelector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Decodes and validates the meta/v1 options of a request once, before its handler runs, with the
 * answers kube-apiserver gives for the same bad values: a value that does not parse is 400
 * BadRequest; a combination that makes no sense is 422 Invalid on the options kind.
 */
public final class OptionsDecoder {

    private static final String META = "meta.k8s.io";
    private static final GroupKind LIST_OPTIONS = new GroupKind(META, "ListOptions");
    private static final GroupKind CREATE_OPTIONS = new GroupKind(META, "CreateOptions");
    private static final GroupKind UPDATE_OPTIONS = new GroupKind(META, "UpdateOptions");
    private static final GroupKind PATCH_OPTIONS = new GroupKind(META, "PatchOptions");
    private static final GroupKind DELETE_OPTIONS = new GroupKind(META, "DeleteOptions");
    /** k8s.io/apimachinery's FieldManagerMaxLength. */
    static final int FIELD_MANAGER_MAX_LENGTH = 128;
    private static final String DRY_RUN_ALL = "All";

    private final Function<String, String> query;

    /** {@code query}: a query parameter's first value, or null when absent. */
    public OptionsDecoder(Function<String, String> query) {
        this.query = query;
    }

    public GetOptions get() {
        return new GetOptions(resourceVersion());
    }

    /** {@code pathName}: the object a legacy {@code /watch/.../NAME} path names, or null. */
    public ListOptions list(String pathName, boolean watch) {
        LabelSelector labels = LabelSelector.parse(query.apply("labelSelector"));
        FieldSelector fields = FieldSelector.parse(query.apply("fieldSelector"));
        if (pathName != null) {
            fields = fields.and(FieldSelector.NAME, pathName);
        }
        String resourceVersion = resourceVersion();
        String continueToken = emptyIsNull(query.apply("continue"));
        String matchValue = emptyIsNull(query.apply("resourceVersionMatch"));
        Boolean sendInitialEvents = optionalBool("sendInitialEvents");
        boolean bookmarks = bool("allowWatchBookmarks");
        ListOptions options = new ListOptions(labels, fields, resourceVersion,
                matchValue == null ? null : ResourceVersionMatch.of(matchValue).orElse(null),
                queryInt64("limit"), continueToken, timeout(), bookmarks, sendInitialEvents);
        List<Status.Cause> causes = new ArrayList<>();
        if (matchValue != null) {
            validateMatch(matchValue, resourceVersion, continueToken, watch, sendInitialEvents, causes);
        }
        if (sendInitialEvents != null) {
            validateInitialEvents(watch, sendInitialEvents, matchValue, bookmarks, causes);
        }
        if (!causes.isEmpty()) {
            throw ApiErrors.invalid(LIST_OPTIONS, "", causes);
        }
        return options;
    }

    public CreateOptions create() {
        return new CreateOptions(dryRun(CREATE_OPTIONS), fieldManager(CREATE_OPTIONS),
                fieldValidation(CREATE_OPTIONS));
    }

    public UpdateOptions update() {
        return new UpdateOptions(dryRun(UPDATE_OPTIONS), fieldManager(UPDATE_OPTIONS),
                fieldValidation(UPDATE_OPTIONS));
    }

    /** {@code apply}: a server-side apply, which needs a field manager and alone may force. */
    public PatchOptions patch(boolean apply) {
        boolean dryRun = dryRun(PATCH_OPTIONS);
        String fieldManager = fieldManager(PATCH_OPTIONS);
        FieldValidation fieldValidation = fieldValidation(PATCH_OPTIONS);
        Boolean force = optionalBool("force");
        if (apply && fieldManager == null) {
            throw ApiErrors.invalid(PATCH_OPTIONS, "", List.of(new Status.Cause("FieldValueRequired",
                    "Required value: is required for apply patch", "fieldManager")));
        }
        if (!apply && force != null) {
            throw ApiErrors.invalid(PATCH_OPTIONS, "", List.of(ApiErrors.forbiddenField("force",
                    "may not be specified for non-apply patch")));
        }
        return new PatchOptions(dryRun, fieldManager, fieldValidation, Boolean.TRUE.equals(force));
    }

    /** The query's options, overridden by those of the request body (a meta/v1 DeleteOptions; may be null). */
    public DeleteOptions delete(JsonNode body) {
        boolean dryRun = dryRun(DELETE_OPTIONS);
        String uid = null;
        String resourceVersion = null;
        String propagation = emptyIsNull(query.apply("propagationPolicy"));
        queryInt64("gracePeriodSeconds");
        if (body != null) {
            uid = emptyIsNull(body.path("preconditions").path("uid").asText(null));
            resourceVersion = emptyIsNull(body.path("preconditions").path("resourceVersion").asText(null));
            for (JsonNode value : body.path("dryRun")) {
                requireDryRunAll(DELETE_OPTIONS, value.asText());
                dryRun = true;
            }
            if (body.hasNonNull("propagationPolicy")) {
                propagation = body.path("propagationPolicy").asText();
            }
        }
        if (propagation != null && !List.of("Orphan", "Background", "Foreground").contains(propagation)) {
            throw ApiErrors.invalid(DELETE_OPTIONS, "", List.of(ApiErrors.notSupportedValue("propagationPolicy",
                    propagation, List.of("Foreground", "Background", "Orphan", "nil"))));
        }
        return new DeleteOptions(uid, resourceVersion, propagation, dryRun);
    }

    FieldValidation fieldValidation(GroupKind kind) {
        String value = query.apply("fieldValidation");
        if (value == null || value.isEmpty() || value.equals("Warn")) {
            return FieldValidation.WARN;
        }
        return switch (value) {
            case "Strict" -> FieldValidation.STRICT;
            case "Ignore" -> FieldValidation.IGNORE;
            default -> throw ApiErrors.invalid(kind, "", List.of(ApiErrors.notSupportedValue("fieldValidation", value,
                    List.of("", "Ignore", "Strict", "Warn"))));
        };
    }

    private static void validateMatch(String match, String resourceVersion, String continueToken, boolean watch,
                                      Boolean sendInitialEvents, List<Status.Cause> causes) {
        if (watch && sendInitialEvents == null) {
            causes.add(ApiErrors.forbiddenField("resourceVersionMatch",
                    "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
        }
        if (ResourceVersionMatch.of(match).isEmpty()) {
            causes.add(ApiErrors.notSupportedValue("resourceVersionMatch", match,
                    List.of("Exact", "NotOlderThan", "")));
        }
        if (!watch && resourceVersion == null) {
            causes.add(ApiErrors.forbiddenField("resourceVersionMatch",
                    "resourceVersionMatch is forbidden unless resourceVersion is provided"));
        }
        if (continueToken != null) {
            causes.add(ApiErrors.forbiddenField("resourceVersionMatch",
                    "resourceVersionMatch is forbidden when continue is provided"));
        }
        if (ResourceVersionMatch.EXACT.wireName().equals(match) && "0".equals(resourceVersion)) {
            causes.add(ApiErrors.forbiddenField("resourceVersionMatch",
                    "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
        }
    }

    private static void validateInitialEvents(boolean watch, boolean sendInitialEvents, String match,
                                              boolean bookmarks, List<Status.Cause> causes) {
        if (!watch) {
            causes.add(ApiErrors.forbiddenField("sendInitialEvents", "sendInitialEvents is forbidden for list"));
            return;
        }
        if (!ResourceVersionMatch.NOT_OLDER_THAN.wireName().equals(match)) {
            causes.add(ApiErrors.forbiddenField("sendInitialEvents",
                    "sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan"));
        }
        if (sendInitialEvents && !bookmarks) {
            causes.add(ApiErrors.forbiddenField("allowWatchBookmarks",
                    "allowWatchBookmarks must be set to true when sendInitialEvents is true"));
        }
    }

    /**
     * A resourceVersion is an unsigned integer here, as etcd's are; anything else is 400 in
     * kube-apiserver's words for a list (for a get or a watch it answers 500, which helps nobody).
     */
    private String resourceVersion() {
        String value = emptyIsNull(query.apply("resourceVersion"));
        if (value != null && !isUnsignedInteger(value)) {
            throw ApiErrors.badRequest("invalid resource version: resourceVersion: Invalid value: " + GoQuote.quote(value)
                    + ": strconv.ParseUint: parsing " + GoQuote.quote(value) + ": invalid syntax");
        }
        return value;
    }

    private Duration timeout() {
        Long seconds = queryInt64("timeoutSeconds");
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }

    /** A query integer as Go's strconv.ParseInt reads it: null when unset, 400 when it is not one. */
    private Long queryInt64(String name) {
        String value = emptyIsNull(query.apply(name));
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            boolean outOfRange = value.matches("[+-]?[0-9]+");
            throw ApiErrors.badRequest("strconv.ParseInt: parsing " + GoQuote.quote(value) + ": "
                    + (outOfRange ? "value out of range" : "invalid syntax"));
        }
    }

    private boolean bool(String name) {
        return Boolean.TRUE.equals(optionalBool(name));
    }

    /**
     * A boolean parameter as apimachinery converts it: "0" and "false" (any case) are false, any
     * other value (even "maybe") is true; null when absent.
     */
    private Boolean optionalBool(String name) {
        String value = query.apply(name);
        if (value == null) {
            return null;
        }
        return !(value.equals("0") || value.equalsIgnoreCase("false"));
    }

    private boolean dryRun(GroupKind kind) {
        String value = query.apply("dryRun");
        if (value == null || value.isEmpty()) {
            return false;
        }
        requireDryRunAll(kind, value);
        return true;
    }

    private static void requireDryRunAll(GroupKind kind, String value) {
        if (!DRY_RUN_ALL.equals(value)) {
            throw ApiErrors.invalid(kind, "", List.of(new Status.Cause("FieldValueNotSupported",
                    "Unsupported value: [" + GoQuote.quote(value) + "]: supported values: \"All\"", "dryRun")));
        }
    }

    private String fieldManager(GroupKind kind) {
        String value = emptyIsNull(query.apply("fieldManager"));
        if (value == null) {
            return null;
        }
        List<Status.Cause> causes = new ArrayList<>();
        if (value.length() > FIELD_MANAGER_MAX_LENGTH) {
            causes.add(ApiErrors.tooLong("fieldManager", FIELD_MANAGER_MAX_LENGTH));
        }
        int bytePosition = 0;
        for (int i = 0; i < value.length(); i = value.offsetByCodePoints(i, 1)) {
            int codePoint = value.codePointAt(i);
            if (!GoQuote.isPrint(codePoint)) {
                causes.add(new Status.Cause("FieldValueInvalid", "Invalid value: " + GoQuote.quote(value)
                        + ": invalid character " + String.format("U+%04X", codePoint) + " (at position "
                        + bytePosition + ")", "fieldManager"));
                break;
            }
            bytePosition += new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
        }
        if (!causes.isEmpty()) {
            throw ApiErrors.invalid(kind, "", causes);
        }
        return value;
    }

    private static boolean isUnsignedInteger(String value) {
        if (value.length() > 20) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!Character.isDigit(value.charAt(i)) || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String emptyIsNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

}
