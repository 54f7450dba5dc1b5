package dev.virtualsecrets.server.selector;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A field selector as kube-apiserver accepts for custom resources: comma-separated terms
 * {@code field=value}, {@code field==value} or {@code field!=value} over {@code metadata.name} and
 * {@code metadata.namespace} that must all hold. Values may escape {@code \,} {@code \=} {@code \\}
 * like upstream's {@code fields.ParseSelector}. Empty selects everything.
 */
public final class FieldSelector {

    public static final String NAME = "metadata.name";
    public static final String NAMESPACE = "metadata.namespace";

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    /** One term; {@code equal} is false for {@code !=}. */
    public record Term(String field, boolean equal, String value) {
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /** @throws dev.virtualsecrets.server.apierrors.ApiException 400 BadRequest when malformed or on an unknown field */
    public static FieldSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : splitUnescaped(selector)) {
            Term term = term(selector, part);
            if (!term.field().equals(NAME) && !term.field().equals(NAMESPACE)) {
                throw ApiErrors.badRequest("\"" + term.field() + "\" is not a known field selector: only \""
                        + NAME + "\", \"" + NAMESPACE + "\"");
            }
            terms.add(term);
        }
        return new FieldSelector(List.copyOf(terms));
    }

    /** This selector and also {@code field=value}: how a path that names one object narrows a watch. */
    public FieldSelector and(String field, String value) {
        List<Term> all = new ArrayList<>(terms);
        all.add(new Term(field, true, value));
        return new FieldSelector(all);
    }

    /** The name the selector pins with {@code metadata.name=}, if any: lets a handler read one object. */
    public Optional<String> exactName() {
        return exact(NAME);
    }

    /** The namespace the selector pins with {@code metadata.namespace=}, if any. */
    public Optional<String> exactNamespace() {
        return exact(NAMESPACE);
    }

    public boolean matches(VirtualSecret secret) {
        return matches(secret.getMetadata());
    }

    /** Both fields a selector can name are metadata: an object's metadata is enough to match it. */
    public boolean matches(V1ObjectMeta metadata) {
        if (metadata == null) {
            return terms.isEmpty();
        }
        for (Term term : terms) {
            String actual = term.field().equals(NAME) ? metadata.getName() : metadata.getNamespace();
            String value = actual == null ? "" : actual;
            if (value.equals(term.value()) != term.equal()) {
                return false;
            }
        }
        return true;
    }

    public boolean isEverything() {
        return terms.isEmpty();
    }

    public List<Term> terms() {
        return terms;
    }

    private Optional<String> exact(String field) {
        return terms.stream().filter(t -> t.field().equals(field) && t.equal()).map(Term::value).findFirst();
    }

    private static Term term(String selector, String part) {
        for (int i = 0; i < part.length(); i++) {
            if (part.charAt(i) == '\\') {
                i++;
                continue;
            }
            for (String operator : new String[] {"!=", "==", "="}) {
                if (part.startsWith(operator, i)) {
                    String field = part.substring(0, i).trim();
                    String value = unescape(selector, part.substring(i + operator.length()));
                    if (field.isEmpty()) {
                        break;
                    }
                    return new Term(field, !operator.equals("!="), value);
                }
            }
        }
        throw ApiErrors.badRequest("invalid selector: '" + selector + "'; can't understand '" + part + "'");
    }

    private static List<String> splitUnescaped(String selector) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '\\' && i + 1 < selector.length()) {
                current.append(c).append(selector.charAt(++i));
            } else if (c == ',') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unescape(String selector, String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (i + 1 >= value.length() || "\\,=".indexOf(value.charAt(i + 1)) < 0) {
                    throw ApiErrors.badRequest("invalid selector: '" + selector + "'; invalid escape sequence");
                }
                c = value.charAt(++i);
            } else if (c == ',' || c == '=') {
                throw ApiErrors.badRequest("invalid selector: '" + selector + "'; unescaped '" + c + "' in value");
            }
            out.append(c);
        }
        return out.toString();
    }
}
