package dev.virtualsecrets.server.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.TreeMap;

/** Writes paths and definitions as a Swagger 2.0 document, shaped like kube-apiserver's {@code /openapi/v2}. */
final class SwaggerV2Writer {

    static final String REF_PREFIX = "#/definitions/";

    private final ObjectMapper mapper;

    SwaggerV2Writer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode document(String title, String version, List<PathItem> paths, ObjectNode definitions) {
        ObjectNode document = mapper.createObjectNode();
        document.put("swagger", "2.0");
        ObjectNode info = document.putObject("info");
        info.put("title", title);
        info.put("version", version);
        ObjectNode pathsNode = document.putObject("paths");
        for (PathItem item : paths) {
            ObjectNode pathNode = pathsNode.putObject(item.path());
            for (Operation operation : item.operations()) {
                pathNode.set(operation.method(), operation(operation));
            }
            item.parameters().forEach(p -> pathNode.withArray("parameters").add(parameter(p)));
        }
        document.set("definitions", definitions);
        return document;
    }

    private ObjectNode operation(Operation operation) {
        ObjectNode node = mapper.createObjectNode();
        node.put("description", operation.description());
        if (operation.body() != null) {
            operation.body().mediaTypes().forEach(node.putArray("consumes")::add);
        }
        operation.produces().forEach(node.putArray("produces")::add);
        node.putArray("schemes").add("https");
        node.putArray("tags").add(ResourcePaths.TAG);
        node.put("operationId", operation.operationId());
        if (operation.body() != null || !operation.parameters().isEmpty()) {
            var parameters = node.putArray("parameters");
            if (operation.body() != null) {
                ObjectNode body = parameters.addObject();
                body.put("name", "body");
                body.put("in", "body");
                body.put("required", operation.body().required());
                body.putObject("schema").put("$ref", REF_PREFIX + operation.body().definition());
            }
            operation.parameters().forEach(p -> parameters.add(parameter(p)));
        }
        ObjectNode responses = node.putObject("responses");
        new TreeMap<>(operation.responses()).forEach((code, definition) -> {
            ObjectNode response = responses.putObject(code);
            response.put("description", OpenApiDocuments.describe(code));
            response.putObject("schema").put("$ref", REF_PREFIX + definition);
        });
        responses.putObject("401").put("description", "Unauthorized");
        node.put("x-kubernetes-action", operation.action());
        node.set("x-kubernetes-group-version-kind", OpenApiDocuments.groupVersionKind(mapper));
        return node;
    }

    private ObjectNode parameter(Parameter parameter) {
        ObjectNode node = mapper.createObjectNode();
        node.put("uniqueItems", true);
        node.put("type", parameter.type());
        node.put("description", parameter.description());
        node.put("name", parameter.name());
        node.put("in", parameter.location());
        if (parameter.in() == Parameter.In.PATH) {
            node.put("required", true);
        }
        return node;
    }
}
