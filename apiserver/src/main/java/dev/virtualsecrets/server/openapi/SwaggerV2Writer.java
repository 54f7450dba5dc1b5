package dev.virtualsecrets.server.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.TreeMap;

/** Writes paths and definitions as a Swagger 2.0 document, shaped like kube-apiserver's {@code /openapi/v2}. */
final class SwaggerV2Writer extends OpenApiWriter {

    static final String REF_PREFIX = "#/definitions/";

    SwaggerV2Writer(ObjectMapper mapper) {
        super(mapper);
    }

    @Override
    void writeVersion(ObjectNode document) {
        document.put("swagger", "2.0");
    }

    @Override
    void writeDefinitions(ObjectNode document, ObjectNode definitions) {
        document.set("definitions", definitions);
    }

    @Override
    ObjectNode operation(Operation operation) {
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
        return node;
    }

    @Override
    ObjectNode parameter(Parameter parameter) {
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
