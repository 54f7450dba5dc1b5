package dev.virtualsecrets.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    private static final String TOKEN = "hvs.s3cr3t-t0ken-value";

    private final ConfigLoader loader = new ConfigLoader();

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void defaultsAloneGiveACompleteConfiguration() {
        ServerConfig config = loader.load(null, Map.of());

        assertEquals("127.0.0.1", config.server().bindAddress());
        assertEquals(8443, config.server().port());
        assertNull(config.server().certFile());
        assertNull(config.server().keyFile());
        assertEquals(List.of("localhost", "127.0.0.1"), config.server().selfSignedHosts());
        assertEquals(1_048_576L, config.server().maxRequestBytes());
        assertEquals(Duration.ofSeconds(5), config.server().shutdownGracePeriod());

        assertNull(config.authentication().clientCAFile());
        ServerConfig.RequestHeader requestHeader = config.authentication().requestHeader();
        assertNull(requestHeader.clientCAFile());
        assertEquals(List.of(), requestHeader.allowedNames());
        assertEquals(List.of("X-Remote-User"), requestHeader.usernameHeaders());
        assertEquals(List.of("X-Remote-Group"), requestHeader.groupHeaders());
        assertEquals(List.of("X-Remote-Extra-"), requestHeader.extraHeaderPrefixes());

        assertEquals("http://127.0.0.1:8200", config.vault().address());
        assertNull(config.vault().token());
        assertNull(config.vault().tokenFile());
        assertNull(config.vault().caCertFile());
        assertEquals(Duration.ofSeconds(2), config.vault().connectTimeout());
        assertEquals(Duration.ofSeconds(5), config.vault().requestTimeout());

        assertEquals("secret", config.sources().kv().mount());
        assertEquals("kubernetes/{namespace}/{name}", config.sources().kv().pathTemplate());

        assertEquals(10_000, config.watch().historySize());
        assertEquals(1024, config.watch().queueSize());
        assertEquals(Duration.ofSeconds(60), config.watch().bookmarkInterval());
        assertEquals(Duration.ofMinutes(30), config.watch().maxTimeout());

        assertTrue(config.audit().enabled());
    }

    @Test
    void fileOverridesOnlyTheKeysItNames() throws IOException {
        Path file = yaml("""
                server:
                  port: 9443
                  certFile: /etc/virtualsecrets/tls.crt
                authentication:
                  requestHeader:
                    allowedNames: [front-proxy-client, aggregator]
                vault:
                  requestTimeout: 500ms
                sources:
                  kv:
                    mount: kv
                audit:
                  enabled: false
                """);

        ServerConfig config = loader.load(file, Map.of());

        assertEquals(9443, config.server().port());
        assertEquals(Path.of("/etc/virtualsecrets/tls.crt"), config.server().certFile());
        assertEquals("127.0.0.1", config.server().bindAddress(), "siblings keep their defaults");
        assertEquals(List.of("front-proxy-client", "aggregator"), config.authentication().requestHeader().allowedNames());
        assertEquals(List.of("X-Remote-User"), config.authentication().requestHeader().usernameHeaders());
        assertEquals(Duration.ofMillis(500), config.vault().requestTimeout());
        assertEquals(Duration.ofSeconds(2), config.vault().connectTimeout());
        assertEquals("kv", config.sources().kv().mount());
        assertEquals("kubernetes/{namespace}/{name}", config.sources().kv().pathTemplate());
        assertFalse(config.audit().enabled());
    }

    @Test
    void anEmptyFileChangesNothing() throws IOException {
        assertEquals(loader.load(null, Map.of()), loader.load(yaml(""), Map.of()));
    }

    @Test
    void unknownNestedKeyIsAnErrorNamingItsPath() throws IOException {
        Path file = yaml("""
                vault:
                  tokne: abc
                """);

        ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of()));

        assertTrue(error.getMessage().contains("vault.tokne"), error.getMessage());
    }

    @Test
    void unknownDeepKeyIsAnErrorNamingItsPath() throws IOException {
        Path file = yaml("""
                authentication:
                  requestHeader:
                    allowedNamez: [x]
                """);

        ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of()));

        assertTrue(error.getMessage().contains("authentication.requestHeader.allowedNamez"), error.getMessage());
    }

    @Test
    void unknownTopLevelKeyIsAnError() throws IOException {
        Path file = yaml("servr: {port: 1}\n");

        ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of()));

        assertTrue(error.getMessage().contains("servr"), error.getMessage());
    }

    @Test
    void aFileThatIsNotAMapIsAnError() throws IOException {
        Path file = yaml("- a\n- b\n");

        assertThrows(ConfigException.class, () -> loader.load(file, Map.of()));
    }

    @Test
    void aMissingFileIsAnError() {
        Path missing = dir.resolve("nope.yaml");

        ConfigException error = assertThrows(ConfigException.class, () -> loader.load(missing, Map.of()));

        assertTrue(error.getMessage().contains("nope.yaml"), error.getMessage());
    }

    @Test
    void environmentOverridesDefaultsAndFile() throws IOException {
        Path file = yaml("""
                server:
                  port: 9443
                vault:
                  address: https://vault.file:8200
                """);

        ServerConfig config = loader.load(file, Map.of(
                "VIRTUALSECRETS_VAULT_TOKEN_FILE", "/var/run/vault/token",
                "VIRTUALSECRETS_VAULT_ADDRESS", "https://vault.env:8200",
                "VIRTUALSECRETS_SERVER_PORT", "10443",
                "VIRTUALSECRETS_WATCH_BOOKMARK_INTERVAL", "15s",
                "VIRTUALSECRETS_AUDIT_ENABLED", "false",
                "UNRELATED", "x"));

        assertEquals(Path.of("/var/run/vault/token"), config.vault().tokenFile());
        assertEquals("https://vault.env:8200", config.vault().address());
        assertEquals(10443, config.server().port());
        assertEquals(Duration.ofSeconds(15), config.watch().bookmarkInterval());
        assertFalse(config.audit().enabled());
    }

    @Test
    void environmentListsAreCommaSeparated() {
        ServerConfig config = loader.load(null, Map.of(
                "VIRTUALSECRETS_AUTHENTICATION_REQUEST_HEADER_ALLOWED_NAMES", "a,b",
                "VIRTUALSECRETS_AUTHENTICATION_REQUEST_HEADER_GROUP_HEADERS", " X-Remote-Group , X-Other-Group ,",
                "VIRTUALSECRETS_SERVER_SELF_SIGNED_HOSTS", ""));

        assertEquals(List.of("a", "b"), config.authentication().requestHeader().allowedNames());
        assertEquals(List.of("X-Remote-Group", "X-Other-Group"), config.authentication().requestHeader().groupHeaders());
        assertEquals(List.of(), config.server().selfSignedHosts());
    }

    @Test
    void environmentSetsTheVaultToken() {
        ServerConfig config = loader.load(null, Map.of("VIRTUALSECRETS_VAULT_TOKEN", TOKEN));

        assertEquals(TOKEN, config.vault().token());
    }

    @ParameterizedTest
    @CsvSource({
            "vault.tokenFile, VIRTUALSECRETS_VAULT_TOKEN_FILE",
            "vault.address, VIRTUALSECRETS_VAULT_ADDRESS",
            "server.maxRequestBytes, VIRTUALSECRETS_SERVER_MAX_REQUEST_BYTES",
            "authentication.requestHeader.allowedNames, VIRTUALSECRETS_AUTHENTICATION_REQUEST_HEADER_ALLOWED_NAMES",
            "sources.kv.pathTemplate, VIRTUALSECRETS_SOURCES_KV_PATH_TEMPLATE",
            "audit.enabled, VIRTUALSECRETS_AUDIT_ENABLED",
    })
    void envNameIsUpperSnakeCaseOfThePath(String path, String envName) {
        assertEquals(envName, ConfigLoader.envName(path));
    }

    /**
     * "Upper snake case" of clientCAFile is CLIENT_CA_FILE, the name an operator writes in a
     * Deployment; letter-by-letter splitting of the acronym would make it CLIENT_C_A_FILE.
     */
    @Test
    void envNameKeepsAcronymsTogether() {
        assertEquals("VIRTUALSECRETS_AUTHENTICATION_CLIENT_CA_FILE", ConfigLoader.envName("authentication.clientCAFile"));
        assertEquals("VIRTUALSECRETS_AUTHENTICATION_REQUEST_HEADER_CLIENT_CA_FILE",
                ConfigLoader.envName("authentication.requestHeader.clientCAFile"));
    }

    @Test
    void clientCaFileCanBeSetFromTheEnvironment() {
        ServerConfig config = loader.load(null, Map.of(
                "VIRTUALSECRETS_AUTHENTICATION_CLIENT_CA_FILE", "/etc/ca/client-ca.crt"));

        assertEquals(Path.of("/etc/ca/client-ca.crt"), config.authentication().clientCAFile());
    }

    @ParameterizedTest
    @CsvSource({
            "500ms, PT0.5S",
            "2s, PT2S",
            "5m, PT5M",
            "1h, PT1H",
            "1d, PT24H",
            "PT2S, PT2S",
            "PT1M30S, PT1M30S",
            "30, PT30S",
    })
    void parsesDurations(String text, String expected) {
        assertEquals(Duration.parse(expected), ConfigLoader.parseDuration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ms", "5x", "1.5s", "-5s", "five seconds"})
    void rejectsMalformedDurations(String text) {
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.parseDuration(text));
        assertTrue(error.getMessage().contains("invalid duration"), error.getMessage());
    }

    @Test
    void aBadDurationInTheFileIsAConfigException() throws IOException {
        Path file = yaml("""
                vault:
                  connectTimeout: 10 parsecs
                """);

        ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of()));

        assertTrue(error.getMessage().contains("10 parsecs"), error.getMessage());
    }

    @Test
    void aBadIsoDurationInTheEnvironmentIsAConfigException() {
        assertThrows(ConfigException.class,
                () -> loader.load(null, Map.of("VIRTUALSECRETS_WATCH_MAX_TIMEOUT", "PTfoo")));
    }

    @Test
    void aWrongScalarTypeIsAConfigException() {
        assertThrows(ConfigException.class,
                () -> loader.load(null, Map.of("VIRTUALSECRETS_SERVER_PORT", "https")));
    }

    @Test
    void vaultToStringNeverPrintsTheToken() {
        ServerConfig config = loader.load(null, Map.of("VIRTUALSECRETS_VAULT_TOKEN", TOKEN));

        String vault = config.vault().toString();
        assertFalse(vault.contains(TOKEN), vault);
        assertTrue(vault.contains("<redacted>"), vault);
        assertTrue(vault.contains("http://127.0.0.1:8200"), vault);
        assertFalse(config.toString().contains(TOKEN), "the whole configuration prints Vault through its toString");
    }

    @Test
    void vaultToStringSaysWhenNoTokenIsSet() {
        assertTrue(loader.load(null, Map.of()).vault().toString().contains("token=<unset>"));
        assertTrue(loader.load(null, Map.of("VIRTUALSECRETS_VAULT_TOKEN", "")).vault().toString().contains("token=<unset>"));
    }

    @Test
    void callerIdentityIsTheDefault() {
        ServerConfig config = loader.load(null, Map.of());

        assertTrue(config.identity().callerMode());
        assertEquals("kubernetes", config.identity().serviceAccounts().authMount());
        assertEquals("{namespace}-{serviceaccount}", config.identity().serviceAccounts().roleTemplate());
        assertEquals(Map.of(), config.identity().users().groupPolicies());
        assertTrue(config.authentication().tokenReview().enabled());
        assertEquals(Duration.ofSeconds(10), config.authorization().allowCacheTTL());
        assertNull(config.audit().file());
    }

    @Test
    void groupPoliciesIsAFreeFormMap() throws IOException {
        ServerConfig config = loader.load(yaml("""
                identity:
                  users:
                    groupPolicies:
                      dev: [virtualsecrets-dev]
                      "system:masters": [virtualsecrets-admin, audit-reader]
                """), Map.of());

        assertEquals(Map.of("dev", List.of("virtualsecrets-dev"),
                        "system:masters", List.of("virtualsecrets-admin", "audit-reader")),
                config.identity().users().groupPolicies());
        assertEquals("virtualsecrets-users", config.identity().users().tokenRole());
    }

    @Test
    void anUnknownIdentityModeIsAConfigException() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> loader.load(null, Map.of("VIRTUALSECRETS_IDENTITY_MODE", "root")));

        assertTrue(error.getMessage().contains("identity.mode must be \"caller\" or \"server\""), error.getMessage());
    }
}
