package dev.virtualsecrets.certs;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** In-memory PKCS12 key and trust stores, from which a server or client builds its SSLContext. */
public final class KeyStores {

    /** Alias of the single key entry in {@link #keyStore}. */
    public static final String KEY_ALIAS = "key";

    private KeyStores() {
    }

    /** A key store holding one entry: the key and its chain (leaf first). */
    public static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain, char[] password) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a key entry needs at least its own certificate");
        }
        KeyStore store = emptyStore();
        try {
            store.setKeyEntry(KEY_ALIAS, key, password, chain.toArray(X509Certificate[]::new));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot store key for "
                    + chain.getFirst().getSubjectX500Principal().getName() + " (" + e.getClass().getSimpleName() + ")");
        }
        return store;
    }

    public static KeyStore keyStore(IssuedCertificate issued, char[] password) {
        return keyStore(issued.privateKey(), issued.chain(), password);
    }

    /** A trust store with one trusted entry per CA certificate. */
    public static KeyStore trustStore(List<X509Certificate> caCertificates) {
        if (caCertificates.isEmpty()) {
            throw new IllegalArgumentException("a trust store needs at least one CA certificate");
        }
        KeyStore store = emptyStore();
        try {
            for (int i = 0; i < caCertificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, caCertificates.get(i));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot store CA certificate", e);
        }
        return store;
    }

    private static KeyStore emptyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("PKCS12 key stores are not available", e);
        }
    }
}
