package dev.virtualsecrets.server.it;

import dev.virtualsecrets.server.scenarios.KubectlScenarios;
import dev.virtualsecrets.server.testsupport.Kubectl;
import dev.virtualsecrets.server.testsupport.VirtualSecretsServer;

import java.nio.file.Path;

/** The kubectl scenarios with kubectl pointed straight at the server. */
class KubectlIT extends KubectlScenarios {

    @Override
    protected Kubectl kubectl() {
        return new Kubectl(VirtualSecretsServer.shared().kubeconfig("admin"), workDir().resolve("cache"));
    }

    @Override
    protected Path workDir() {
        return Path.of("target", "it-kubectl").toAbsolutePath();
    }
}
