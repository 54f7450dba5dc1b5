package dev.virtualsecrets.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes paths and definitions as an OpenAPI 3.0 group-version document, shaped like
 * kube-apiserver's {@code /openapi/v3/apis/<group>/<version>}. Parameters are written inline on
 * each operation: kubectl looks for {@code fieldValidation} among the PATCH operation's own
 * parameters to decide whether the server validates fields.
 */
final class OpenApiV3Writer extends OpenApiWriter {

    static final String REF_PREFIX = "#/components/schemas/";

    OpenApiV3Writer(ObjectMapper mapper) {
        super(mapper);
    }

    @Override
    void writeVersion(ObjectNode document) {
        document.put("openapi", "3.0.0");
    }

    @Override
    void writeDefinitions(ObjectNode document, ObjectNode definitions) {
        ObjectNode schemas = document.putObject("components").putObject("schemas");
        definitions.properties().forEach(e -> schemas.set(e.getKey(), toV3Schema(e.getValue())));
    }

    /**
     * Swagger 2 schemas become OpenAPI 3 schemas by moving refs to components, and by wrapping a
     * ref that has siblings (a description) in {@code allOf}: OpenAPI 3.0 ignores a ref's siblings.
     */
    JsonNode toV3Schema(JsonNode schema) {
        if (schema.isArray()) {
            ArrayNode copy = mapper.createArrayNode();
            schema.forEach(element -> copy.add(toV3Schema(element)));
            return copy;
        }
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode copy = mapper.createObjectNode();
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            String target = REF_PREFIX + ref.asText().substring(SwaggerV2Writer.REF_PREFIX.length());
            if (schema.size() == 1) {
                return copy.put("$ref", target);
            }
            copy.putArray("allOf").addObject().put("$ref", target);
        }
        for (Map.Entry<String, JsonNode> field : schema.properties()) {
            if (!field.getKey().equals("$ref")) {
                copy.set(field.getKey(), toV3Schema(field.getValue()));
            }
        }
        return copy;
    }

    @Override
    ObjectNode operation(Operation operation) {
        ObjectNode node = mapper.createObjectNode();
        node.putArray("tags").add(ResourcePaths.TAG);
        node.put("description", operation.description());
        node.put("operationId", operation.operationId());
        if (!operation.parameters().isEmpty()) {
            ArrayNode parameters = node.putArray("parameters");
            operation.parameters().forEach(p -> parameters.add(parameter(p)));
        }
        if (operation.body() != null) {
            ObjectNode body = node.putObject("requestBody");
            ObjectNode content = body.putObject("content");
            for (String mediaType : operation.body().mediaTypes()) {
                content.putObject(mediaType).putObject("schema")
                        .put("$ref", REF_PREFIX + operation.body().definition());
            }
            body.put("required", operation.body().required());
        }
        ObjectNode responses = node.putObject("responses");
        new TreeMap<>(operation.responses()).forEach((code, definition) -> {
            ObjectNode response = responses.putObject(code);
            response.put("description", OpenApiDocuments.describe(code));
            ObjectNode content = response.putObject("content");
            for (String mediaType : operation.produces()) {
                content.putObject(mediaType).putObject("schema").put("$ref", REF_PREFIX + definition);
            }
        });
        return node;
    }

    @Override
    ObjectNode parameter(Parameter parameter) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", parameter.name());
        node.put("in", parameter.location());
        node.put("description", parameter.description());
        if (parameter.in() == Parameter.In.PATH) {
            node.put("required", true);
        }
        ObjectNode schema = node.putObject("schema");
        schema.put("type", parameter.type());
        schema.put("uniqueItems", true);
        return node;
    }
}
