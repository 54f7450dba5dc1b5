package dev.virtualsecrets.server.testsupport;

import dev.virtualsecrets.server.vault.VaultSession;
import org.springframework.vault.support.VaultResponse;

import java.util.List;
import java.util.Map;

/**
 * A Vault session whose every call throws: logic tests of what sits on a session (token role,
 * lease registry) override the calls they expect. Tests of Vault itself use OpenBao.
 */
public abstract class UnsupportedVaultSession implements VaultSession {

    @Override
    public VaultResponse read(String path) {
        throw new UnsupportedOperationException("read " + path);
    }

    @Override
    public VaultResponse write(String path, Map<String, ?> body) {
        throw new UnsupportedOperationException("write " + path);
    }

    @Override
    public List<String> list(String path) {
        throw new UnsupportedOperationException("list " + path);
    }

    @Override
    public void delete(String path) {
        throw new UnsupportedOperationException("delete " + path);
    }

    @Override
    public List<String> capabilities(String path) {
        throw new UnsupportedOperationException("capabilities " + path);
    }
}
