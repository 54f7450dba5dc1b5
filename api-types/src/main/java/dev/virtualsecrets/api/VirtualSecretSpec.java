package dev.virtualsecrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.gson.annotations.SerializedName;

import java.util.Objects;

/** Server-set, read-only: where in Vault this VirtualSecret lives. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualSecretSpec {

    @SerializedName("source")
    private VirtualSecretSource source;

    public VirtualSecretSource getSource() {
        return source;
    }

    public void setSource(VirtualSecretSource source) {
        this.source = source;
    }

    public VirtualSecretSpec source(VirtualSecretSource source) {
        this.source = source;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VirtualSecretSpec that && Objects.equals(source, that.source);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(source);
    }

    @Override
    public String toString() {
        return "VirtualSecretSpec{source=" + source + "}";
    }
}
