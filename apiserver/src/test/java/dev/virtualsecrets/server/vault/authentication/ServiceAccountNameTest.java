package dev.virtualsecrets.server.vault.authentication;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceAccountNameTest {

    @Test
    void parsesNamespaceAndName() {
        assertEquals(Optional.of(new ServiceAccountName("demo", "app")),
                ServiceAccountName.parse("system:serviceaccount:demo:app"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "system:serviceaccount:demo", "system:serviceaccount::app",
            "system:serviceaccount:demo:", "system:serviceaccount:demo:app:extra", "system:serviceaccounts:demo"})
    void anythingElseIsNotAServiceAccount(String user) {
        assertEquals(Optional.empty(), ServiceAccountName.parse(user));
    }
}
