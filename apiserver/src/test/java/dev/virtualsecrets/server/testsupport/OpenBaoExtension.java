package dev.virtualsecrets.server.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the shared {@link OpenBaoDevServer} once per JVM and injects it into test constructors,
 * lifecycle methods and test methods that declare an {@code OpenBaoDevServer} parameter.
 */
public final class OpenBaoExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        OpenBaoDevServer.shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == OpenBaoDevServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return OpenBaoDevServer.shared();
    }
}
