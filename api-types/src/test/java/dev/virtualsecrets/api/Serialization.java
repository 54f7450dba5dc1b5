package dev.virtualsecrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.io.UncheckedIOException;

/**
 * The two JSON libraries the model must work with: Jackson configured like the server's
 * {@code Json.newJsonMapper()}, and the official client's Gson.
 */
enum Serialization {
    JACKSON {
        @Override
        String write(Object value) {
            try {
                return MAPPER.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        <T> T read(String json, Class<T> type) {
            try {
                return MAPPER.readValue(json, type);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    },
    GSON {
        @Override
        String write(Object value) {
            return JSON.serialize(value);
        }

        @Override
        <T> T read(String json, Class<T> type) {
            return JSON.deserialize(json, type);
        }
    };

    /** Same settings as the server's mapper (apiserver's Json.newJsonMapper()). */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addMixIn(V1ObjectMeta.class, ObjectMetaJsonMixin.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    abstract String write(Object value);

    abstract <T> T read(String json, Class<T> type);

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
