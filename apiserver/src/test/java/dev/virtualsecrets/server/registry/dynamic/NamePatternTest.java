package dev.virtualsecrets.server.registry.dynamic;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NamePatternTest {

    @Test
    void aPrefixPatternGivesTheRestOfTheName() {
        NamePattern pattern = NamePattern.parse("db-{suffix}");
        assertEquals(Optional.of("app"), pattern.suffixOf("db-app"));
        assertEquals(Optional.of("app.v2"), pattern.suffixOf("db-app.v2"));
        assertEquals(Optional.empty(), pattern.suffixOf("db-"), "the suffix must not be empty");
        assertEquals(Optional.empty(), pattern.suffixOf("api-key"));
        assertFalse(pattern.matches(null));
    }

    @Test
    void aPostfixPatternWorksToo() {
        NamePattern pattern = NamePattern.parse("{suffix}-tls");
        assertEquals(Optional.of("web"), pattern.suffixOf("web-tls"));
        assertEquals(Optional.empty(), pattern.suffixOf("web"));
    }

    @Test
    void patternsWithoutOneSuffixOrWithOtherPlaceholdersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NamePattern.parse("db-app"));
        assertThrows(IllegalArgumentException.class, () -> NamePattern.parse("{suffix}-{suffix}"));
        assertThrows(IllegalArgumentException.class, () -> NamePattern.parse("{namespace}-{suffix}"));
        assertThrows(IllegalArgumentException.class, () -> NamePattern.parse("{suffix}"));
        assertThrows(IllegalArgumentException.class, () -> NamePattern.parse("a/{suffix}"));
    }
}
