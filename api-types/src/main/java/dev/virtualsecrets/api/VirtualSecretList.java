package dev.virtualsecrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.openapi.models.V1ListMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A list of VirtualSecrets; {@code metadata.resourceVersion} is where a watch can start. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualSecretList implements KubernetesListObject {

    @SerializedName("apiVersion")
    private String apiVersion = VirtualSecrets.API_VERSION;

    @SerializedName("kind")
    private String kind = VirtualSecrets.LIST_KIND;

    @SerializedName("metadata")
    private V1ListMeta metadata;

    @SerializedName("items")
    private List<VirtualSecret> items = new ArrayList<>();

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    @Override
    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    @Override
    public V1ListMeta getMetadata() {
        return metadata;
    }

    public void setMetadata(V1ListMeta metadata) {
        this.metadata = metadata;
    }

    public VirtualSecretList metadata(V1ListMeta metadata) {
        this.metadata = metadata;
        return this;
    }

    @Override
    public List<VirtualSecret> getItems() {
        return items;
    }

    public void setItems(List<VirtualSecret> items) {
        this.items = items;
    }

    public VirtualSecretList items(List<VirtualSecret> items) {
        this.items = items;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VirtualSecretList that
                && Objects.equals(apiVersion, that.apiVersion)
                && Objects.equals(kind, that.kind)
                && Objects.equals(metadata, that.metadata)
                && Objects.equals(items, that.items);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiVersion, kind, metadata, items);
    }

    @Override
    public String toString() {
        return "VirtualSecretList{metadata=" + metadata + ", items=" + items + "}";
    }
}
