package dev.virtualsecrets.server.endpoints.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Parses method, path and query into a {@link RequestInfo}, following k8s.io/apiserver's
 * RequestInfoFactory: {@code /apis/<group>/<version>[/namespaces/<ns>]/<resource>[/<name>[/<sub>]]},
 * the legacy {@code /apis/<group>/<version>/watch/...} prefix, and list vs get vs watch.
 */
public final class RequestInfoParser {

    private static final String APIS = "apis";

    private RequestInfoParser() {
    }

    /** Whether a raw path has a {@code .} or {@code ..} segment, which kube-apiserver does not resolve. */
    public static boolean hasDotSegment(String rawPath) {
        for (String segment : rawPath.split("/", -1)) {
            String decoded = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code query} gives a query parameter's value or null. A path with a dot segment ({@code .},
     * {@code ..}, also percent-encoded) is a non-resource request that no route serves.
     */
    public static RequestInfo parse(String method, String path, Function<String, String> query) {
        String httpVerb = httpVerb(method);
        List<String> parts = segments(path);
        if (parts.size() < 4 || !APIS.equals(parts.get(0)) || hasDotSegment(path)) {
            return RequestInfo.nonResource(path, httpVerb);
        }
        String group = parts.get(1);
        String version = parts.get(2);
        List<String> rest = new ArrayList<>(parts.subList(3, parts.size()));
        boolean watchPrefix = false;
        if (!rest.isEmpty() && "watch".equals(rest.getFirst())) {
            watchPrefix = true;
            rest.removeFirst();
        }
        String namespace = null;
        if (rest.size() >= 2 && "namespaces".equals(rest.get(0))) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
            if (rest.isEmpty()) {
                // /apis/g/v/namespaces/<ns> names a namespace, which this server does not serve.
                return RequestInfo.nonResource(path, httpVerb);
            }
        }
        if (rest.isEmpty() || rest.size() > 3) {
            return RequestInfo.nonResource(path, httpVerb);
        }
        String resource = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        String subresource = rest.size() > 2 ? rest.get(2) : null;
        String verb = watchPrefix ? "watch" : resourceVerb(httpVerb, name, watchRequested(query.apply("watch")));
        if (name == null && ("list".equals(verb) || "watch".equals(verb))) {
            // Authorization sees the name a list or watch is narrowed to, as upstream does.
            name = exactName(query.apply("fieldSelector"));
        }
        return new RequestInfo(true, path, verb, group, version, namespace, resource, name, subresource);
    }

    /** metav1's lenient bool: present and neither "0" nor "false" (any case) means true. */
    private static boolean watchRequested(String value) {
        return value != null && !"0".equals(value) && !"false".equalsIgnoreCase(value);
    }

    /** The value of a {@code metadata.name=} or {@code metadata.name==} term, or null. */
    private static String exactName(String fieldSelector) {
        if (fieldSelector == null) {
            return null;
        }
        for (String term : fieldSelector.split(",")) {
            String trimmed = term.trim();
            for (String operator : new String[]{"==", "="}) {
                String prefix = "metadata.name" + operator;
                if (trimmed.startsWith(prefix) && !trimmed.startsWith("metadata.name!=")) {
                    String value = trimmed.substring(prefix.length());
                    return value.isEmpty() ? null : value;
                }
            }
        }
        return null;
    }

    private static String resourceVerb(String httpVerb, String name, boolean watch) {
        return switch (httpVerb) {
            case "get" -> name != null ? "get" : (watch ? "watch" : "list");
            case "post" -> "create";
            case "put" -> "update";
            case "patch" -> "patch";
            case "delete" -> name == null ? "deletecollection" : "delete";
            default -> httpVerb;
        };
    }

    private static String httpVerb(String method) {
        String lower = method.toLowerCase(Locale.ROOT);
        return "head".equals(lower) ? "get" : lower;
    }

    private static List<String> segments(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }
}
