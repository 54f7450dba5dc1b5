package dev.virtualsecrets.server.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcceptHeaderTest {

    private static final String KUBECTL_TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    private static final String CLIENT_GO_DISCOVERY = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private static final String METADATA_CLIENT_LIST = "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;"
            + "g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

    private static Optional<String> table(String accept) {
        return MediaTypes.wantsMetaConversion(accept).filter(AcceptHeader.Conversion::isTable)
                .map(AcceptHeader.Conversion::version);
    }

    @Test
    void clientGosMetadataClientGetsTheJsonAlternativeOfItsProtobufRange() {
        assertEquals(Optional.of(new AcceptHeader.Conversion("PartialObjectMetadataList", "v1")),
                MediaTypes.wantsMetaConversion(METADATA_CLIENT_LIST));
        assertEquals(Optional.of(new AcceptHeader.Conversion("PartialObjectMetadata", "v1beta1")),
                MediaTypes.wantsMetaConversion("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1beta1"));
        assertTrue(MediaTypes.wantsMetaConversion(METADATA_CLIENT_LIST).get().isPartialObjectMetadata());
        assertTrue(MediaTypes.wantsMetaConversion(METADATA_CLIENT_LIST).get().isList());
    }

    @Test
    void theFirstServableRangeDecidesBetweenTableMetadataAndPlainJson() {
        assertEquals(Optional.of(new AcceptHeader.Conversion("Table", "v1")), MediaTypes.wantsMetaConversion(
                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1"));
        assertEquals(Optional.empty(), MediaTypes.wantsMetaConversion(
                "application/json,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1"));
        assertEquals(Optional.empty(), MediaTypes.wantsMetaConversion(
                "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v2,application/json"));
        assertEquals(Optional.empty(), MediaTypes.wantsMetaConversion(
                "application/json;as=PartialObjectMetadata;g=other.k8s.io;v=v1,application/json"));
    }

    @Test
    void kubectlGetAsksForTableV1() {
        assertEquals(Optional.of("v1"), table(KUBECTL_TABLE));
        assertTrue(MediaTypes.acceptsJson(KUBECTL_TABLE));
        assertEquals(Optional.empty(), MediaTypes.wantsAggregatedDiscovery(KUBECTL_TABLE));
    }

    @Test
    void clientGoAsksForAggregatedDiscoveryV2() {
        assertEquals(Optional.of("v2"), MediaTypes.wantsAggregatedDiscovery(CLIENT_GO_DISCOVERY));
        assertEquals(Optional.empty(), table(CLIENT_GO_DISCOVERY));
        assertTrue(MediaTypes.acceptsJson(CLIENT_GO_DISCOVERY));
    }

    @Test
    void olderClientGetsV2beta1() {
        String accept = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
        assertEquals(Optional.of("v2beta1"), MediaTypes.wantsAggregatedDiscovery(accept));
    }

    @Test
    void tableV1beta1Alone() {
        assertEquals(Optional.of("v1beta1"), table("application/json;as=Table;v=v1beta1;g=meta.k8s.io"));
    }

    @Test
    void unknownDiscoveryVersionFallsBackToLegacy() {
        String accept = "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json";
        assertEquals(Optional.empty(), MediaTypes.wantsAggregatedDiscovery(accept));
        assertTrue(MediaTypes.acceptsJson(accept));
    }

    @Test
    void protobufRangesAreSkippedForTheJsonOnes() {
        String accept = "application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,"
                + "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
        assertEquals(Optional.of("v1"), table(accept));
    }

    @Test
    void qualityOrdersRangesAndKeepsClientOrderOnTies() {
        assertEquals(Optional.of("v1"),
                table("application/json;q=0.5, application/json;as=Table;v=v1;g=meta.k8s.io"));
        assertEquals(Optional.empty(),
                table("application/json, application/json;as=Table;v=v1;g=meta.k8s.io"));
        assertEquals(Optional.empty(),
                table("application/json;as=Table;v=v1;g=meta.k8s.io;q=0.1, */*;q=0.9"));
    }

    @Test
    void parametersAreParsedCaseInsensitivelyAndUnquoted() {
        AcceptHeader header = AcceptHeader.parse("Application/JSON; AS=\"Table\"; v=v1; g=meta.k8s.io; q=0.8");
        assertEquals(1, header.ranges().size());
        MediaRange range = header.ranges().getFirst();
        assertEquals("application/json", range.mediaType());
        assertEquals(Optional.of("Table"), range.parameter("as"));
        assertEquals(0.8, range.quality());
        assertEquals(Optional.of("v1"), header.metaConversion().filter(AcceptHeader.Conversion::isTable).map(AcceptHeader.Conversion::version));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"application/json", "*/*", "application/*", "application/json;charset=utf-8",
            "text/html, application/json;q=0.1", "application/json;stream=watch"})
    void plainAndWildcardAcceptJson(String accept) {
        assertTrue(MediaTypes.acceptsJson(accept));
        assertEquals(Optional.empty(), table(accept));
        assertEquals(Optional.empty(), MediaTypes.wantsAggregatedDiscovery(accept));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "text/html", "application/yaml", "application/json;q=0", "application/json;q=abc",
            "application/json;q=2", "/json", "application/", "a/b/c", ";;;", ",,,", "application/json;broken",
            "application/json;as=Table;v=v1;g=meta.k8s.io"})
    void garbageOrNonJsonDoesNotAcceptPlainJson(String accept) {
        assertFalse(MediaTypes.acceptsJson(accept));
    }

    @Test
    void garbageEntriesAreDroppedButTheRestIsKept() {
        AcceptHeader header = AcceptHeader.parse("nonsense, application/json;q=x, application/json;as=Table;v=v1;g=meta.k8s.io");
        assertEquals(1, header.ranges().size());
        assertEquals(Optional.of("v1"), header.metaConversion().filter(AcceptHeader.Conversion::isTable).map(AcceptHeader.Conversion::version));
    }

    @Test
    void contentTypesEchoTheNegotiatedVersion() {
        assertEquals("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
                MediaTypes.aggregatedDiscovery("v2"));
        assertEquals("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
                MediaTypes.aggregatedDiscovery("v2beta1"));
        assertEquals("application/json;as=Table;v=v1;g=meta.k8s.io", MediaTypes.table("v1"));
    }
}
