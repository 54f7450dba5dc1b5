package dev.virtualsecrets.server.testsupport;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.user.CallerIdentity;
import dev.virtualsecrets.server.registry.VirtualSecretStorage;

import java.util.List;
import java.util.Map;

/**
 * A storage whose every verb throws: unit tests of logic above the storage (visibility, polling)
 * override the few verbs they use. Integration tests use the real KV v2 storage against OpenBao.
 */
public abstract class UnsupportedStorage implements VirtualSecretStorage {

    @Override
    public VirtualSecret get(CallerIdentity caller, String namespace, String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<VirtualSecret> list(CallerIdentity caller, String namespace) {
        throw new UnsupportedOperationException();
    }

    @Override
    public VirtualSecret create(CallerIdentity caller, VirtualSecret secret, boolean dryRun) {
        throw new UnsupportedOperationException();
    }

    @Override
    public VirtualSecret update(CallerIdentity caller, VirtualSecret secret, boolean dryRun) {
        throw new UnsupportedOperationException();
    }

    @Override
    public VirtualSecret delete(CallerIdentity caller, String namespace, String name,
                                String expectedResourceVersion, boolean dryRun) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean canRead(CallerIdentity caller, String namespace, String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Long> resourceVersions(CallerIdentity caller, String namespace, String name) {
        throw new UnsupportedOperationException();
    }
}
