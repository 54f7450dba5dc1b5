package dev.virtualsecrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A secret answered live from Vault. Shaped like core/v1 Secret: {@code data} holds bytes
 * (base64 in JSON), {@code stringData} is write-only convenience input.
 *
 * <p>Plain getters and setters so that both Jackson (the server) and Gson (the official
 * Kubernetes Java client) bind it without extra configuration.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualSecret implements KubernetesObject {

    @SerializedName("apiVersion")
    private String apiVersion = VirtualSecrets.API_VERSION;

    @SerializedName("kind")
    private String kind = VirtualSecrets.KIND;

    @SerializedName("metadata")
    private V1ObjectMeta metadata;

    @SerializedName("type")
    private String type;

    @SerializedName("data")
    private Map<String, byte[]> data;

    @SerializedName("stringData")
    private Map<String, String> stringData;

    @SerializedName("spec")
    private VirtualSecretSpec spec;

    @SerializedName("status")
    private VirtualSecretStatus status;

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public VirtualSecret apiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
        return this;
    }

    @Override
    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public VirtualSecret kind(String kind) {
        this.kind = kind;
        return this;
    }

    @Override
    public V1ObjectMeta getMetadata() {
        return metadata;
    }

    public void setMetadata(V1ObjectMeta metadata) {
        this.metadata = metadata;
    }

    public VirtualSecret metadata(V1ObjectMeta metadata) {
        this.metadata = metadata;
        return this;
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public VirtualSecret type(String type) {
        this.type = type;
        return this;
    }

    public Map<String, byte[]> getData() {
        return data;
    }

    public void setData(Map<String, byte[]> data) {
        this.data = data;
    }

    public VirtualSecret data(Map<String, byte[]> data) {
        this.data = data;
        return this;
    }

    public VirtualSecret putDataItem(String key, byte[] value) {
        if (data == null) {
            data = new LinkedHashMap<>();
        }
        data.put(key, value);
        return this;
    }

    public Map<String, String> getStringData() {
        return stringData;
    }

    public void setStringData(Map<String, String> stringData) {
        this.stringData = stringData;
    }

    public VirtualSecret stringData(Map<String, String> stringData) {
        this.stringData = stringData;
        return this;
    }

    public VirtualSecretSpec getSpec() {
        return spec;
    }

    public void setSpec(VirtualSecretSpec spec) {
        this.spec = spec;
    }

    public VirtualSecret spec(VirtualSecretSpec spec) {
        this.spec = spec;
        return this;
    }

    public VirtualSecretStatus getStatus() {
        return status;
    }

    public void setStatus(VirtualSecretStatus status) {
        this.status = status;
    }

    public VirtualSecret status(VirtualSecretStatus status) {
        this.status = status;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof VirtualSecret that)) {
            return false;
        }
        return Objects.equals(apiVersion, that.apiVersion)
                && Objects.equals(kind, that.kind)
                && Objects.equals(metadata, that.metadata)
                && Objects.equals(type, that.type)
                && dataEquals(data, that.data)
                && Objects.equals(stringData, that.stringData)
                && Objects.equals(spec, that.spec)
                && Objects.equals(status, that.status);
    }

    @Override
    public int hashCode() {
        int dataHash = 0;
        if (data != null) {
            for (Map.Entry<String, byte[]> e : data.entrySet()) {
                dataHash += Objects.hashCode(e.getKey()) ^ Arrays.hashCode(e.getValue());
            }
        }
        return Objects.hash(apiVersion, kind, metadata, type, dataHash, stringData, spec, status);
    }

    /** Never prints values: only the keys of {@code data} and {@code stringData}. */
    @Override
    public String toString() {
        String namespace = metadata == null ? null : metadata.getNamespace();
        String name = metadata == null ? null : metadata.getName();
        return "VirtualSecret{" + namespace + "/" + name
                + ", type=" + type
                + ", dataKeys=" + (data == null ? "[]" : data.keySet())
                + ", stringDataKeys=" + (stringData == null ? "[]" : stringData.keySet())
                + ", spec=" + spec + ", status=" + status + "}";
    }

    private static boolean dataEquals(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
