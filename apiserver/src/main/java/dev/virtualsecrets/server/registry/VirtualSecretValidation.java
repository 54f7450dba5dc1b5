package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.Status;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a VirtualSecret to be written: name, namespace, data keys and size, label and annotation
 * keys and values. Returns 422 causes; never quotes a data value.
 */
public final class VirtualSecretValidation {

    /** Same limit as a core/v1 Secret. */
    public static final int MAX_DATA_BYTES = 1024 * 1024;

    private VirtualSecretValidation() {
    }

    public static List<Status.Cause> validate(VirtualSecret secret) {
        List<Status.Cause> causes = new ArrayList<>();
        V1ObjectMeta metadata = secret.getMetadata();
        if (metadata == null || metadata.getName() == null || metadata.getName().isEmpty()) {
            causes.add(ApiErrors.requiredValue("metadata.name"));
        } else {
            ObjectNames.validateName(metadata.getName())
                    .forEach(message -> causes.add(ApiErrors.invalidValue("metadata.name", metadata.getName(), message)));
        }
        if (metadata == null || metadata.getNamespace() == null || metadata.getNamespace().isEmpty()) {
            causes.add(ApiErrors.requiredValue("metadata.namespace"));
        } else {
            ObjectNames.validateNamespace(metadata.getNamespace())
                    .forEach(message -> causes.add(ApiErrors.invalidValue("metadata.namespace", metadata.getNamespace(), message)));
        }
        if (metadata != null) {
            validateLabels(metadata.getLabels(), causes);
            validateAnnotationKeys(metadata.getAnnotations(), causes);
        }
        validateData(secret.getData(), causes);
        return causes;
    }

    private static void validateLabels(Map<String, String> labels, List<Status.Cause> causes) {
        if (labels == null) {
            return;
        }
        labels.forEach((key, value) -> {
            ObjectNames.qualifiedName(key)
                    .forEach(message -> causes.add(ApiErrors.invalidValue("metadata.labels", key, message)));
            ObjectNames.labelValue(value == null ? "" : value)
                    .forEach(message -> causes.add(ApiErrors.invalidValue("metadata.labels", value, message)));
        });
    }

    private static void validateAnnotationKeys(Map<String, String> annotations, List<Status.Cause> causes) {
        if (annotations == null) {
            return;
        }
        annotations.keySet().forEach(key -> ObjectNames.qualifiedName(key.toLowerCase())
                .forEach(message -> causes.add(ApiErrors.invalidValue("metadata.annotations", key, message))));
    }

    private static void validateData(Map<String, byte[]> data, List<Status.Cause> causes) {
        if (data == null) {
            return;
        }
        long total = 0;
        for (Map.Entry<String, byte[]> entry : data.entrySet()) {
            ObjectNames.configKey(entry.getKey())
                    .forEach(message -> causes.add(ApiErrors.invalidValue("data[" + entry.getKey() + "]", entry.getKey(), message)));
            total += entry.getValue() == null ? 0 : entry.getValue().length;
        }
        if (total > MAX_DATA_BYTES) {
            causes.add(new Status.Cause("FieldValueTooLong",
                    "Too long: must have at most " + MAX_DATA_BYTES + " bytes", "data"));
        }
    }
}
