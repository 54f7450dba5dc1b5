# VirtualSecrets API server image: docker build -t virtualsecrets/apiserver:0.1.0 .
# DockerfileIT (./mvnw verify) checks that the paths copied below exist after the build and
# that ENTRYPOINT starts the packaged jar the same way hack/run-local does.

# --- build ---------------------------------------------------------------------------------
# Maven from the image rather than ./mvnw: the wrapper's settings
# (.mvn/wrapper/maven-wrapper.properties) are generated per machine by hack/setup and not
# committed, so that this repository names no download host. The image's Maven 3.9 is the
# line the parent POM requires (maven-enforcer: [3.9,)).
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds without putting them in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests package -pl apiserver -am

# --- runtime -------------------------------------------------------------------------------
FROM eclipse-temurin:25-jre
# The jar's manifest Class-Path names libs/*.jar relative to the jar, so both go in /app.
COPY --from=build /src/apiserver/target/virtualsecrets-apiserver.jar /app/
COPY --from=build /src/apiserver/target/libs/ /app/libs/
# A numeric user, so that Kubernetes can enforce runAsNonRoot; the same uid as the
# Deployment's runAsUser. The files above stay root-owned and read-only to it.
USER 65532:65532
EXPOSE 8443
ENTRYPOINT ["java", "-jar", "/app/virtualsecrets-apiserver.jar"]
CMD ["--config", "/etc/virtualsecrets/config.yaml"]
