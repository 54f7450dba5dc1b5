package dev.virtualsecrets.server.registry.dynamic;

import dev.virtualsecrets.api.VirtualSecretSource;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.registry.ObjectNames;
import dev.virtualsecrets.server.vault.lease.LeaseRequest;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Database credentials from Vault's database secrets engine: {@code <mount>/creds/<role>}, the
 * role from the template (e.g. {@code {namespace}-{suffix}}). Data: {@code username},
 * {@code password} and the admin's fixed connection hints.
 */
public final class DatabaseSource implements DynamicSource {

    private final String mount;
    private final NamePattern names;
    private final String roleTemplate;
    private final Map<String, String> hints;

    public DatabaseSource(String mount, String namePattern, String roleTemplate, Map<String, String> hints) {
        this.mount = SourceTemplates.mount(mount);
        this.names = NamePattern.parse(namePattern);
        this.roleTemplate = SourceTemplates.requireKnownPlaceholders("database roleTemplate", roleTemplate);
        this.hints = SourceTemplates.copy(hints);
        for (String key : this.hints.keySet()) {
            if (!ObjectNames.configKey(key).isEmpty() || key.equals("username") || key.equals("password")) {
                throw new IllegalArgumentException("invalid database data key \"" + key + "\"");
            }
        }
    }

    @Override
    public String engine() {
        return VirtualSecretSource.ENGINE_DATABASE;
    }

    @Override
    public String type() {
        return VirtualSecrets.TYPE_OPAQUE;
    }

    @Override
    public boolean serves(String name) {
        return names.matches(name);
    }

    @Override
    public LeaseRequest request(String namespace, String name) {
        String suffix = names.suffixOf(name).orElseThrow(() -> new IllegalArgumentException("not a database name"));
        return LeaseRequest.read(mount + "/creds/" + SourceTemplates.role(roleTemplate, namespace, suffix));
    }

    @Override
    public Map<String, String> data(Map<String, Object> vaultData) {
        Map<String, String> data = new TreeMap<>(hints);
        data.put("username", String.valueOf(vaultData.get("username")));
        data.put("password", String.valueOf(vaultData.get("password")));
        return data;
    }

    @Override
    public Instant end(Map<String, Object> vaultData) {
        return null;
    }
}
