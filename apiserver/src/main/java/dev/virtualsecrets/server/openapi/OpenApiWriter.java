package dev.virtualsecrets.server.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What Swagger 2.0 and OpenAPI 3.0 documents share: info, the path items with their operations
 * and parameters, and the Kubernetes extensions on each operation. Subclasses write the parts
 * whose shape differs between the two versions.
 */
abstract class OpenApiWriter {

    protected final ObjectMapper mapper;

    OpenApiWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    final ObjectNode document(String title, String version, List<PathItem> paths, ObjectNode definitions) {
        ObjectNode document = mapper.createObjectNode();
        writeVersion(document);
        ObjectNode info = document.putObject("info");
        info.put("title", title);
        info.put("version", version);
        ObjectNode pathsNode = document.putObject("paths");
        for (PathItem item : paths) {
            ObjectNode pathNode = pathsNode.putObject(item.path());
            for (Operation operation : item.operations()) {
                ObjectNode node = operation(operation);
                node.with("responses").putObject("401").put("description", "Unauthorized");
                node.put("x-kubernetes-action", operation.action());
                node.set("x-kubernetes-group-version-kind", OpenApiDocuments.groupVersionKind(mapper));
                pathNode.set(operation.method(), node);
            }
            item.parameters().forEach(p -> pathNode.withArray("parameters").add(parameter(p)));
        }
        writeDefinitions(document, definitions);
        return document;
    }

    /** {@code swagger: 2.0} or {@code openapi: 3.0.0}. */
    abstract void writeVersion(ObjectNode document);

    /** One operation without the parts common to both versions (401, x-kubernetes-*). */
    abstract ObjectNode operation(Operation operation);

    abstract ObjectNode parameter(Parameter parameter);

    abstract void writeDefinitions(ObjectNode document, ObjectNode definitions);
}
