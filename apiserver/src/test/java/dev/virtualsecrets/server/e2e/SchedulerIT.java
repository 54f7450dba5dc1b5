package dev.virtualsecrets.server.e2e;

import dev.virtualsecrets.server.testsupport.DevCluster;
import dev.virtualsecrets.server.testsupport.Kubectl;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stack runs Kubernetes' own scheduler: a pod gets its verdict from default-scheduler
 * (without a node, FailedScheduling: "no nodes available to schedule pods").
 */
class SchedulerIT {

    @Test
    void theSchedulerJudgesEveryPod() throws InterruptedException {
        DevCluster.shared().assumeServerProcess("expects no node; with one, its never-pulled image would be pulled");
        Kubectl kubectl = DevCluster.shared().kubectl();
        String name = "scheduled-" + UUID.randomUUID().toString().substring(0, 8);
        Kubectl.Result created = kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: demo}
                spec:
                  automountServiceAccountToken: false
                  containers: [{name: main, image: virtualsecrets.dev/never-pulled:0}]
                """.formatted(name), "create", "-f", "-");
        assertEquals(0, created.exitCode(), created.toString());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String events = "";
            while (System.nanoTime() < deadline) {
                events = kubectl.run("get", "events", "-n", "demo", "--field-selector",
                        "involvedObject.name=" + name + ",reason=FailedScheduling",
                        "-o", "jsonpath={.items[*].source.component}{.items[*].reportingComponent}|{.items[*].message}")
                        .stdout();
                if (events.contains("no nodes available")) {
                    break;
                }
                Thread.sleep(500);
            }
            assertTrue(events.contains("default-scheduler"), "the scheduler reported: " + events);
            assertTrue(events.contains("no nodes available to schedule pods"), events);
        } finally {
            kubectl.run("delete", "pod", name, "-n", "demo", "--wait=false");
        }
    }
}
