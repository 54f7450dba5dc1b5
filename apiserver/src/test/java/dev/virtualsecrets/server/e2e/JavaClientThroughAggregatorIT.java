package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.server.scenarios.JavaClientScenarios;
import dev.virtualsecrets.server.testsupport.DevCluster;

import java.nio.file.Path;

/** The Java client scenarios through kube-apiserver's aggregation layer. */
class JavaClientThroughAggregatorIT extends JavaClientScenarios {

    @Override
    protected Path kubeconfig() {
        return DevCluster.shared().kubeconfig();
    }
}
