package dev.virtualsecrets.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.testsupport.ApiClient;
import dev.virtualsecrets.server.testsupport.VirtualSecretsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.virtualsecrets.server.testsupport.ApiClient.collection;
import static dev.virtualsecrets.server.testsupport.ApiClient.item;
import static dev.virtualsecrets.server.testsupport.ApiClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kubectl's table output: useful columns, includeObject modes, values never in cells. */
class TableIT {

    private static final String NS = "table";
    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private static ApiClient api;

    @BeforeAll
    static void start() {
        VirtualSecretsServer server = VirtualSecretsServer.shared();
        api = new ApiClient(server.adminHttpClient(), server.baseUri());
        api.post(collection(NS), "{\"metadata\":{\"name\":\"t1\"},\"stringData\":{\"a\":\"table-value-1\",\"b\":\"x\"}}");
    }

    @Test
    void listAsTableHasColumnsAndPartialMetadata() {
        JsonNode table = json(api.get(collection(NS), "Accept", TABLE));
        assertEquals("Table", table.path("kind").asText());
        assertEquals("meta.k8s.io/v1", table.path("apiVersion").asText());
        List<String> columns = new ArrayList<>();
        table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asText()));
        assertTrue(columns.containsAll(List.of("Name", "Type", "Keys", "Version", "Age")), columns.toString());
        JsonNode row = table.path("rows").get(0);
        assertEquals("t1", row.path("cells").get(0).asText());
        assertEquals(2, row.path("cells").get(columns.indexOf("Keys")).asInt());
        assertEquals("PartialObjectMetadata", row.path("object").path("kind").asText());
        assertFalse(table.toString().contains("table-value-1"));
        assertFalse(table.toString().contains("dGFibGUtdmFsdWUtMQ"));
    }

    @Test
    void includeObjectSelectsWhatRowsCarry() {
        JsonNode full = json(api.get(item(NS, "t1") + "?includeObject=Object", "Accept", TABLE));
        assertEquals("VirtualSecret", full.path("rows").get(0).path("object").path("kind").asText());
        JsonNode none = json(api.get(item(NS, "t1") + "?includeObject=None", "Accept", TABLE));
        assertTrue(none.path("rows").get(0).path("object").isMissingNode()
                || none.path("rows").get(0).path("object").isNull());
        assertEquals(400, api.get(item(NS, "t1") + "?includeObject=Everything", "Accept", TABLE).statusCode());
    }

    @Test
    void onlyUnsupportedMediaTypesAreNotAcceptable() {
        assertEquals(406, api.get(collection(NS), "Accept", "application/vnd.kubernetes.protobuf").statusCode());
        assertEquals(200, api.get(collection(NS), "Accept", "application/vnd.kubernetes.protobuf,application/json").statusCode());
    }
}
