package dev.virtualsecrets.server.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.virtualsecrets.api.ObjectMetaJsonMixin;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/**
 * The server's Jackson mappers, configured once: RFC 3339 timestamps, no nulls, unknown fields
 * tolerated on binding (strict field validation is done on the tree, see fieldValidation).
 */
public final class Json {

    private Json() {
    }

    public static ObjectMapper newJsonMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addMixIn(V1ObjectMeta.class, ObjectMetaJsonMixin.class)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    public static ObjectMapper newYamlMapper() {
        return YAMLMapper.builder()
                .addModule(new JavaTimeModule())
                .addMixIn(V1ObjectMeta.class, ObjectMetaJsonMixin.class)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }
}
