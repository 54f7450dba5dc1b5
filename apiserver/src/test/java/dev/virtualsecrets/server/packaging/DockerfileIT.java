package dev.virtualsecrets.server.packaging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.virtualsecrets.server.packaging.Dockerfile.Instruction;
import dev.virtualsecrets.server.packaging.Dockerfile.Stage;
import dev.virtualsecrets.server.testsupport.RepositoryRoot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image build, checked without a Docker engine: the Dockerfile copies what the Maven
 * build really produces, and the image starts the server the way the local scripts and the
 * manifests expect. Runs after {@code package}, against the packaged jar.
 */
class DockerfileIT {

    private static final String BUILD_STAGE = "build";
    private static final String APP_DIR = "/app/";
    private static final String LOCAL_COMMAND = "-jar \"$SERVER_JAR\" --config";

    private static Path root;
    private static Path serverJar;
    private static Dockerfile dockerfile;

    @BeforeAll
    static void readDockerfile() throws IOException {
        root = RepositoryRoot.find();
        serverJar = Path.of(System.getProperty("virtualsecrets.serverJar"));
        assertTrue(Files.isRegularFile(serverJar), "run after package: " + serverJar);
        dockerfile = Dockerfile.parse(Files.readString(root.resolve("Dockerfile")));
    }

    @Test
    void everyPathCopiedFromTheBuildStageExistsAfterTheBuild() {
        Map<String, Path> copies = copiesFromBuildStage();

        assertFalse(copies.isEmpty(), "the runtime stage copies nothing from the build stage");
        copies.forEach((destination, source) -> assertTrue(Files.exists(source),
                destination + " would be copied from " + source + ", which the build did not produce"));
    }

    @Test
    void entrypointStartsThePackagedJarWithTheLibrariesNextToIt() throws IOException {
        String jarInImage = APP_DIR + serverJar.getFileName();
        Map<String, Path> copies = copiesFromBuildStage();

        assertEquals(List.of("java", "-jar", jarInImage), execForm("ENTRYPOINT"));
        assertEquals(serverJar.toRealPath(), copies.get(jarInImage).toRealPath(),
                "the image's jar is the packaged jar");
        for (String entry : manifestClassPath()) {
            Path library = serverJar.resolveSibling(entry);
            assertTrue(Files.isRegularFile(library), "Class-Path entry " + entry + " is missing: " + library);
            Path libraryDir = library.getParent();
            String libraryDirInImage = APP_DIR + serverJar.getParent().relativize(libraryDir) + "/";
            assertEquals(libraryDir.toRealPath(), copies.get(libraryDirInImage).toRealPath(),
                    "the image holds " + entry + " next to the jar");
        }
    }

    @Test
    void imageRunsAsTheNonRootUserWithTheConfigTheDeploymentMounts() throws IOException {
        JsonNode pod = new YAMLMapper().readTree(root.resolve("manifests/base/deployment.yaml").toFile())
                .path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        List<String> deploymentArgs = new ArrayList<>();
        container.path("args").forEach(arg -> deploymentArgs.add(arg.asText()));

        assertEquals(deploymentArgs, execForm("CMD"), "CMD and the Deployment's args agree");
        String uid = pod.path("securityContext").path("runAsUser").asText();
        assertEquals(uid + ":" + pod.path("securityContext").path("runAsGroup").asText(),
                dockerfile.finalStage().last("USER").orElseThrow(),
                "a numeric USER, so that runAsNonRoot can be enforced, equal to the Deployment's");
        assertEquals(container.path("ports").get(0).path("containerPort").asText(),
                dockerfile.finalStage().last("EXPOSE").orElseThrow());
    }

    @Test
    void localScriptsStartTheServerLikeTheImage() throws IOException {
        assertTrue(commandOf(root.resolve("hack/run-local")).contains(LOCAL_COMMAND),
                "hack/run-local starts java " + LOCAL_COMMAND + " ...");
        Path devCluster = root.resolve("hack/dev-cluster");
        if (Files.exists(devCluster)) {
            assertTrue(commandOf(devCluster).contains(LOCAL_COMMAND),
                    "hack/dev-cluster starts java " + LOCAL_COMMAND + " ...");
        }
    }

    /**
     * Destination in the image → source on this machine, for every {@code COPY --from=build}.
     * The build stage copies the repository to its WORKDIR, so a source under the WORKDIR is
     * the same path under the repository root.
     */
    private static Map<String, Path> copiesFromBuildStage() {
        String workdir = dockerfile.stage(BUILD_STAGE).last("WORKDIR").orElseThrow();
        String workdirPrefix = workdir.endsWith("/") ? workdir : workdir + "/";
        Map<String, Path> copies = new LinkedHashMap<>();
        for (Stage stage : dockerfile.stages()) {
            for (Instruction copy : stage.all("COPY")) {
                List<String> words = copy.words();
                if (!words.contains("--from=" + BUILD_STAGE)) {
                    continue;
                }
                List<String> paths = words.stream().filter(w -> !w.startsWith("--")).toList();
                String destination = paths.getLast();
                for (String source : paths.subList(0, paths.size() - 1)) {
                    assertTrue(source.startsWith(workdirPrefix),
                            source + " is not under the build stage's WORKDIR " + workdir);
                    Path onDisk = root.resolve(source.substring(workdirPrefix.length()));
                    String target = destination.endsWith("/") && !source.endsWith("/")
                            ? destination + onDisk.getFileName()
                            : destination;
                    copies.put(target, onDisk);
                }
            }
        }
        return copies;
    }

    private static List<String> execForm(String keyword) {
        String arguments = dockerfile.finalStage().last(keyword).orElseThrow(() -> new AssertionError("no " + keyword));
        try {
            return new ObjectMapper().readValue(arguments, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new AssertionError(keyword + " must use the exec (JSON array) form: " + arguments, e);
        }
    }

    private static List<String> manifestClassPath() throws IOException {
        try (JarFile jar = new JarFile(serverJar.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            assertTrue(classPath != null && !classPath.isBlank(), "the jar's manifest has a Class-Path");
            return Arrays.asList(classPath.trim().split("\\s+"));
        }
    }

    /** The script with line continuations joined and runs of blanks collapsed. */
    private static String commandOf(Path script) throws IOException {
        return Files.readString(script).replaceAll("\\\\\\R", " ").replaceAll("[ \\t]+", " ");
    }
}
