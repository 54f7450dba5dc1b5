package dev.virtualsecrets.server.endpoints.request;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestInfoParserTest {

    private static final String GV = "/apis/virtualsecrets.dev/v1alpha1";
    private static final String COLLECTION = GV + "/namespaces/demo/virtualsecrets";
    private static final String ITEM = COLLECTION + "/db";

    private static RequestInfo parse(String method, String path) {
        return RequestInfoParser.parse(method, path, name -> null);
    }

    private static RequestInfo parse(String method, String path, Map<String, String> query) {
        return RequestInfoParser.parse(method, path, query::get);
    }

    @Test
    void getOfACollectionIsList() {
        RequestInfo info = parse("GET", COLLECTION);

        assertEquals(new RequestInfo(true, COLLECTION, "list", "virtualsecrets.dev", "v1alpha1", "demo",
                "virtualsecrets", null, null), info);
        assertFalse(info.allNamespaces());
    }

    @Test
    void getOfANamedObjectIsGet() {
        assertEquals(new RequestInfo(true, ITEM, "get", "virtualsecrets.dev", "v1alpha1", "demo",
                "virtualsecrets", "db", null), parse("GET", ITEM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "1"})
    void watchQueryMakesAListAWatch(String watch) {
        RequestInfo info = parse("GET", COLLECTION, Map.of("watch", watch));

        assertEquals("watch", info.verb());
        assertEquals("demo", info.namespace());
        assertEquals("virtualsecrets", info.resource());
        assertNull(info.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "0"})
    void watchFalseStaysAList(String watch) {
        assertEquals("list", parse("GET", COLLECTION, Map.of("watch", watch)).verb());
    }

    /** metav1 decodes the bool leniently: anything but "0" and "false" (any case) is true. */
    @ParameterizedTest
    @ValueSource(strings = {"True", "TRUE"})
    void watchQueryIsDecodedLikeUpstream(String watch) {
        assertEquals("watch", parse("GET", COLLECTION, Map.of("watch", watch)).verb());
    }

    @Test
    void legacyWatchPrefixOfACollection() {
        String path = GV + "/watch/namespaces/demo/virtualsecrets";

        assertEquals(new RequestInfo(true, path, "watch", "virtualsecrets.dev", "v1alpha1", "demo",
                "virtualsecrets", null, null), parse("GET", path));
    }

    @Test
    void legacyWatchPrefixOfOneObject() {
        String path = GV + "/watch/namespaces/demo/virtualsecrets/db";

        RequestInfo info = parse("GET", path);

        assertEquals("watch", info.verb());
        assertEquals("db", info.name());
        assertEquals("demo", info.namespace());
    }

    @Test
    void legacyWatchPrefixAcrossAllNamespaces() {
        RequestInfo info = parse("GET", GV + "/watch/virtualsecrets");

        assertEquals("watch", info.verb());
        assertTrue(info.allNamespaces());
        assertEquals("virtualsecrets", info.resource());
    }

    @ParameterizedTest
    @CsvSource({
            "POST, " + COLLECTION + ", create, ",
            "PUT, " + ITEM + ", update, db",
            "PATCH, " + ITEM + ", patch, db",
            "DELETE, " + ITEM + ", delete, db",
            "DELETE, " + COLLECTION + ", deletecollection, ",
    })
    void writeVerbs(String method, String path, String verb, String name) {
        RequestInfo info = parse(method, path);

        assertTrue(info.resourceRequest());
        assertEquals(verb, info.verb());
        assertEquals(name, info.name());
        assertEquals("demo", info.namespace());
        assertEquals("virtualsecrets", info.resource());
    }

    @Test
    void collectionAcrossAllNamespaces() {
        String path = GV + "/virtualsecrets";

        RequestInfo info = parse("GET", path);

        assertEquals(new RequestInfo(true, path, "list", "virtualsecrets.dev", "v1alpha1", null,
                "virtualsecrets", null, null), info);
        assertTrue(info.allNamespaces());
        assertEquals("watch", parse("GET", path, Map.of("watch", "true")).verb());
    }

    @Test
    void watchQueryOnANamedObjectIsAGetAsUpstream() {
        assertEquals("get", parse("GET", COLLECTION + "/db", Map.of("watch", "true")).verb());
    }

    @Test
    void anExactNameFieldSelectorNamesTheListForAuthorization() {
        assertEquals("db", parse("GET", COLLECTION, Map.of("fieldSelector", "metadata.name=db")).name());
        assertEquals("db", parse("GET", COLLECTION, Map.of("watch", "1", "fieldSelector", "metadata.name==db")).name());
        assertEquals(null, parse("GET", COLLECTION, Map.of("fieldSelector", "metadata.name!=db")).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/apis", "/apis/virtualsecrets.dev", GV, "/healthz", "/livez", "/readyz",
            "/metrics", "/openapi/v2", "/openapi/v3", "/openapi/v3/apis/virtualsecrets.dev/v1alpha1",
            "/version", GV + "/namespaces/demo", "/api/v1/namespaces/demo/secrets"})
    void nonResourcePaths(String path) {
        RequestInfo info = parse("GET", path);

        assertEquals(RequestInfo.nonResource(path, "get"), info);
        assertFalse(info.resourceRequest());
        assertFalse(info.allNamespaces());
    }

    @Test
    void nonResourceVerbIsTheLowerCaseHttpMethod() {
        assertEquals("post", parse("POST", "/healthz").verb());
        assertEquals("delete", parse("DELETE", "/apis").verb());
        assertEquals("get", parse("HEAD", "/openapi/v2").verb());
    }

    @Test
    void tooManySegmentsIsNotAResource() {
        String path = ITEM + "/status/extra";

        assertFalse(parse("GET", path).resourceRequest());
    }

    @Test
    void subresource() {
        String path = ITEM + "/status";

        assertEquals(new RequestInfo(true, path, "get", "virtualsecrets.dev", "v1alpha1", "demo",
                "virtualsecrets", "db", "status"), parse("GET", path));
        assertEquals("update", parse("PUT", path).verb());
    }

    @Test
    void headIsGet() {
        assertEquals("get", parse("HEAD", ITEM).verb());
        assertEquals("list", parse("HEAD", COLLECTION).verb());
    }

    @Test
    void methodCaseDoesNotMatter() {
        assertEquals("get", parse("get", ITEM).verb());
        assertEquals("create", parse("post", COLLECTION).verb());
    }

    @Test
    void trailingAndDoubleSlashesAreIgnored() {
        RequestInfo info = parse("GET", COLLECTION + "/");

        assertEquals("list", info.verb());
        assertEquals("virtualsecrets", info.resource());
        assertNull(info.name());
    }
}
