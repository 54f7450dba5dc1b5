package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.server.scenarios.KubectlScenarios;
import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;

import java.nio.file.Path;

/** The kubectl scenarios through kube-apiserver's aggregation layer, as users run them. */
class KubectlThroughAggregatorIT extends KubectlScenarios {

    @Override
    protected Kubectl kubectl() {
        return DevCluster.shared().kubectl();
    }

    @Override
    protected Path workDir() {
        return DevCluster.shared().state().resolve("kubectl-scenarios");
    }
}
