package dev.virtualsecrets.server.it;

import dev.virtualsecrets.server.scenarios.JavaClientScenarios;
import dev.virtualsecrets.server.testsupport.VirtualSecretsServer;

import java.nio.file.Path;

/** The Java client scenarios with the client pointed straight at the server. */
class JavaClientIT extends JavaClientScenarios {

    @Override
    protected Path kubeconfig() {
        return VirtualSecretsServer.shared().kubeconfig("admin");
    }
}
