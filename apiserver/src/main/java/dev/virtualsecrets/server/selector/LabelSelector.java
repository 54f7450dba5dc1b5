package dev.virtualsecrets.server.selector;

import dev.virtualsecrets.server.apierrors.ApiErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A label selector in the string syntax of k8s.io/apimachinery/pkg/labels: comma-separated
 * requirements that must all hold — {@code a=b}, {@code a==b}, {@code a!=b}, {@code a in (x,y)},
 * {@code a notin (x)}, {@code a}, {@code !a}, {@code a>1}, {@code a<1}. Empty selects everything.
 */
public final class LabelSelector {

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private final List<LabelRequirement> requirements;

    private LabelSelector(List<LabelRequirement> requirements) {
        this.requirements = requirements;
    }

    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** @throws dev.virtualsecrets.server.apierrors.ApiException 400 BadRequest when malformed */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        return new LabelSelector(List.copyOf(new Parser(selector).parse()));
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> present = labels == null ? Map.of() : labels;
        for (LabelRequirement requirement : requirements) {
            if (!requirement.matches(present)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    public List<LabelRequirement> requirements() {
        return requirements;
    }

    @Override
    public String toString() {
        return requirements.stream().map(LabelRequirement::toString).collect(Collectors.joining(","));
    }

    /** A recursive-descent parser over the tokens of upstream's lexer. */
    private static final class Parser {

        private final List<String> tokens;
        private int position;

        Parser(String selector) {
            this.tokens = tokenize(selector);
        }

        List<LabelRequirement> parse() {
            List<LabelRequirement> requirements = new ArrayList<>();
            while (true) {
                requirements.add(requirement());
                String next = peek();
                if (next == null) {
                    return requirements;
                }
                if (!next.equals(",")) {
                    throw error("found '" + next + "', expected: ',' or 'end of string'");
                }
                position++;
                if (peek() == null || (isSymbol(peek()) && !peek().equals("!"))) {
                    throw error("found '" + display(peek()) + "', expected: identifier after ','");
                }
            }
        }

        private LabelRequirement requirement() {
            boolean negated = false;
            if ("!".equals(peek())) {
                negated = true;
                position++;
            }
            String key = identifier("identifier");
            LabelRequirement.validateKey(key);
            String next = peek();
            if (negated) {
                return new LabelRequirement(key, LabelRequirement.Operator.DOES_NOT_EXIST, List.of());
            }
            if (next == null || next.equals(",")) {
                return new LabelRequirement(key, LabelRequirement.Operator.EXISTS, List.of());
            }
            LabelRequirement.Operator operator = operator();
            List<String> values = switch (operator) {
                case IN, NOT_IN -> valueSet();
                default -> List.of(exactValue());
            };
            return LabelRequirement.of(key, operator, values);
        }

        private LabelRequirement.Operator operator() {
            String token = peek();
            LabelRequirement.Operator operator = token == null ? null : switch (token) {
                case "=" -> LabelRequirement.Operator.EQUALS;
                case "==" -> LabelRequirement.Operator.DOUBLE_EQUALS;
                case "!=" -> LabelRequirement.Operator.NOT_EQUALS;
                case "in" -> LabelRequirement.Operator.IN;
                case "notin" -> LabelRequirement.Operator.NOT_IN;
                case ">" -> LabelRequirement.Operator.GREATER_THAN;
                case "<" -> LabelRequirement.Operator.LESS_THAN;
                default -> null;
            };
            if (operator == null) {
                throw error("found '" + display(token) + "', expected: in, notin, =, ==, !=, gt, lt");
            }
            position++;
            return operator;
        }

        private String exactValue() {
            String token = peek();
            if (token == null || token.equals(",")) {
                return "";
            }
            return identifier("identifier");
        }

        private List<String> valueSet() {
            if (!"(".equals(peek())) {
                throw error("found '" + display(peek()) + "', expected: '('");
            }
            position++;
            List<String> values = new ArrayList<>();
            while (true) {
                String token = peek();
                if (token == null) {
                    throw error("found '', expected: ',', ')' or identifier");
                }
                if (token.equals(")")) {
                    position++;
                    return values;
                }
                if (token.equals(",")) {
                    values.add("");
                    position++;
                    if (")".equals(peek())) {
                        values.add("");
                    }
                    continue;
                }
                values.add(identifier("',', ')' or identifier"));
                String after = peek();
                if (",".equals(after)) {
                    position++;
                    if (")".equals(peek())) {
                        values.add("");
                    }
                } else if (!")".equals(after)) {
                    throw error("found '" + display(after) + "', expected: ',' or ')'");
                }
            }
        }

        private String identifier(String expected) {
            String token = peek();
            if (token == null || isSymbol(token)) {
                throw error("found '" + display(token) + "', expected: " + expected);
            }
            position++;
            return token;
        }

        private String peek() {
            return position < tokens.size() ? tokens.get(position) : null;
        }

        private static String display(String token) {
            return token == null ? "" : token;
        }

        private static boolean isSymbol(String token) {
            return switch (token) {
                case "=", "==", "!=", "!", "(", ")", ",", ">", "<" -> true;
                default -> false;
            };
        }

        /** Identifiers run until whitespace or a symbol character, as in upstream's lexer. */
        private static List<String> tokenize(String input) {
            List<String> tokens = new ArrayList<>();
            int i = 0;
            while (i < input.length()) {
                char c = input.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '=' || c == '!') {
                    boolean twoChars = i + 1 < input.length() && input.charAt(i + 1) == '=';
                    tokens.add(twoChars ? c + "=" : String.valueOf(c));
                    i += twoChars ? 2 : 1;
                } else if (c == '(' || c == ')' || c == ',' || c == '>' || c == '<') {
                    tokens.add(String.valueOf(c));
                    i++;
                } else {
                    int start = i;
                    while (i < input.length() && !Character.isWhitespace(input.charAt(i))
                            && "=!(),><".indexOf(input.charAt(i)) < 0) {
                        i++;
                    }
                    tokens.add(input.substring(start, i));
                }
            }
            return tokens;
        }

        private static dev.virtualsecrets.server.apierrors.ApiException error(String detail) {
            return ApiErrors.badRequest("unable to parse requirement: " + detail);
        }
    }
}
