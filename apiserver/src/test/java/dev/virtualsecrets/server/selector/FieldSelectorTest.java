package dev.virtualsecrets.server.selector;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldSelectorTest {

    private static final VirtualSecret SECRET =
            new VirtualSecret().metadata(new V1ObjectMeta().namespace("payments").name("db-password"));

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                                   | true",
            "metadata.name=db-password                            | true",
            "metadata.name==db-password                           | true",
            "metadata.name!=db-password                           | false",
            "metadata.name=other                                  | false",
            "metadata.name!=other                                 | true",
            "metadata.namespace=payments                          | true",
            "metadata.namespace=payments,metadata.name=db-password | true",
            "metadata.namespace=payments,metadata.name=other      | false",
            "metadata.namespace!=payments                         | false",
    })
    void matches(String selector, boolean expected) {
        assertEquals(expected, FieldSelector.parse(selector).matches(SECRET));
    }

    @Test
    void exposesExactNameAndNamespace() {
        FieldSelector selector = FieldSelector.parse("metadata.name==db-password,metadata.namespace=payments");
        assertEquals(Optional.of("db-password"), selector.exactName());
        assertEquals(Optional.of("payments"), selector.exactNamespace());
        assertEquals(Optional.empty(), FieldSelector.parse("metadata.name!=x").exactName());
        assertTrue(FieldSelector.parse("").exactName().isEmpty());
    }

    @Test
    void unescapesValues() {
        assertEquals(Optional.of("a,b=c\\"), FieldSelector.parse("metadata.name=a\\,b\\=c\\\\").exactName());
    }

    @Test
    void rejectsUnknownFieldsLikeKubeApiserverDoesForCustomResources() {
        ApiException e = assertThrows(ApiException.class, () -> FieldSelector.parse("spec.source.engine=kv-v2"));
        assertEquals(400, e.code());
        assertEquals("BadRequest", e.reason());
        assertEquals("\"spec.source.engine\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"metadata.name", "=x", "metadata.name=a,", "metadata.name=a\\x", "metadata.name"})
    void rejectsMalformedSelectors(String selector) {
        ApiException e = assertThrows(ApiException.class, () -> FieldSelector.parse(selector));
        assertEquals(400, e.code());
    }
}
