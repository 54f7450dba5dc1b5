package dev.virtualsecrets.server.selector;

import dev.virtualsecrets.server.apierrors.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelSelectorTest {

    /** labels written as k=v;k=v */
    private static Map<String, String> labels(String spec) {
        Map<String, String> labels = new HashMap<>();
        if (spec != null) {
            for (String pair : spec.split(";")) {
                String[] kv = pair.split("=", 2);
                labels.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return labels;
    }

    @ParameterizedTest(name = "[{0}] on [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "''                        | NULL                 | true",
            "x=a                       | x=a                  | true",
            "x==a                      | x=a                  | true",
            "x=a                       | x=b                  | false",
            "x=a                       | NULL                 | false",
            "x!=a                      | x=b                  | true",
            "x!=a                      | NULL                 | true",
            "x!=a                      | x=a                  | false",
            "x in (a,b)                | x=b                  | true",
            "x in (a,b)                | x=c                  | false",
            "x notin (a,b)             | x=c                  | true",
            "x notin (a,b)             | NULL                 | true",
            "x notin (a,b)             | x=a                  | false",
            "x                         | x=                   | true",
            "x                         | y=a                  | false",
            "!x                        | y=a                  | true",
            "!x                        | x=a                  | false",
            "x=a,y=b                   | x=a;y=b              | true",
            "x=a,y=b                   | x=a;y=c              | false",
            "' x = a , y in ( b , c ) '| x=a;y=c              | true",
            "example.com/app=web       | example.com/app=web  | true",
            "x=                        | x=                   | true",
            "x>1                       | x=2                  | true",
            "x>1                       | x=1                  | false",
            "x<1                       | x=abc                | false",
            "x in (a,)                 | x=                   | true",
    })
    void matches(String selector, String labelSpec, boolean expected) {
        assertEquals(expected, LabelSelector.parse(selector).matches(labels(labelSpec)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "x=a,", ",x=a", "x in", "x in (", "x in ()", "x in a", "x notin (a b)", "x y", "!x=a", "x=a=b",
            "x=a b", "-x=a", "x=-a", "x>a", "a/b/c=d", "UPPER.example.com/x=y", "x in (a,b",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=b",
    })
    void rejectsInvalidSelectorsWithBadRequest(String selector) {
        ApiException e = assertThrows(ApiException.class, () -> LabelSelector.parse(selector));
        assertEquals(400, e.code());
        assertEquals("BadRequest", e.reason());
        assertTrue(e.getMessage().startsWith("unable to parse requirement: "), e.getMessage());
    }

    @Test
    void emptySelectsEverything() {
        assertTrue(LabelSelector.parse(null).isEverything());
        assertTrue(LabelSelector.parse("  ").matches(null));
    }

    @Test
    void printsCanonically() {
        assertEquals("x=a,y in (b,c),!z,w", LabelSelector.parse("x=a, y in (b,c), !z, w").toString());
    }

    @Test
    void reportsWhatWasExpected() {
        ApiException e = assertThrows(ApiException.class, () -> LabelSelector.parse("x y"));
        assertEquals("unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt", e.getMessage());
    }
}
