package dev.virtualsecrets.server.selector;

import dev.virtualsecrets.server.apierrors.ApiErrors;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** One requirement of a {@link LabelSelector}, validated like upstream's {@code labels.NewRequirement}. */
public record LabelRequirement(String key, Operator operator, List<String> values) {

    public enum Operator {
        EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="), IN("in"), NOT_IN("notin"),
        EXISTS(""), DOES_NOT_EXIST("!"), GREATER_THAN(">"), LESS_THAN("<");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }
    }

    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final String VALUE_RULE = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    public LabelRequirement {
        values = List.copyOf(values);
    }

    static LabelRequirement of(String key, Operator operator, List<String> values) {
        switch (operator) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    throw invalid("values", "for 'in', 'notin' operators, values set can't be empty");
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (values.size() != 1) {
                    throw invalid("values", "exact-match compatibility requires one single value");
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (values.size() != 1 || !isInteger(values.getFirst())) {
                    throw invalid("values", "for 'Gt', 'Lt' operators, the value must be an integer");
                }
            }
            default -> {
            }
        }
        for (String value : values) {
            if (value.length() > 63) {
                throw invalid("values", "must be no more than 63 characters");
            }
            if (!value.isEmpty() && !NAME.matcher(value).matches()) {
                throw invalid("values", "Invalid value: \"" + value + "\": " + VALUE_RULE);
            }
        }
        return new LabelRequirement(key, operator, values);
    }

    /** A label key is a qualified name: an optional DNS subdomain prefix and '/', then a name. */
    static void validateKey(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                throw invalid("key", "Invalid value: \"" + key + "\": prefix part must be a lowercase RFC 1123 subdomain");
            }
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            throw invalid("key", "Invalid value: \"" + key + "\": name part must consist of alphanumeric characters, "
                    + "'-', '_' or '.', must start and end with an alphanumeric character, and be at most 63 characters");
        }
    }

    public boolean matches(Map<String, String> labels) {
        String value = labels.get(key);
        return switch (operator) {
            case EQUALS, DOUBLE_EQUALS, IN -> value != null && values.contains(value);
            case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
            case EXISTS -> value != null;
            case DOES_NOT_EXIST -> value == null;
            case GREATER_THAN -> isInteger(value) && Long.parseLong(value) > Long.parseLong(values.getFirst());
            case LESS_THAN -> isInteger(value) && Long.parseLong(value) < Long.parseLong(values.getFirst());
        };
    }

    @Override
    public String toString() {
        return switch (operator) {
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
            case IN, NOT_IN -> key + " " + operator.symbol + " (" + String.join(",", values) + ")";
            default -> key + operator.symbol + values.getFirst();
        };
    }

    private static boolean isInteger(String value) {
        if (value == null) {
            return false;
        }
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static dev.virtualsecrets.server.apierrors.ApiException invalid(String field, String detail) {
        return ApiErrors.badRequest("unable to parse requirement: " + field + ": " + detail);
    }
}
