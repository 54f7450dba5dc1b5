package dev.virtualsecrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.gson.annotations.SerializedName;

import java.util.Objects;

/** The Vault engine ({@code kv-v2}, {@code database}, {@code pki}) and the effective path. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualSecretSource {

    public static final String ENGINE_KV_V2 = "kv-v2";
    public static final String ENGINE_DATABASE = "database";
    public static final String ENGINE_PKI = "pki";

    @SerializedName("engine")
    private String engine;

    @SerializedName("path")
    private String path;

    public String getEngine() {
        return engine;
    }

    public void setEngine(String engine) {
        this.engine = engine;
    }

    public VirtualSecretSource engine(String engine) {
        this.engine = engine;
        return this;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public VirtualSecretSource path(String path) {
        this.path = path;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VirtualSecretSource that
                && Objects.equals(engine, that.engine)
                && Objects.equals(path, that.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(engine, path);
    }

    @Override
    public String toString() {
        return "VirtualSecretSource{engine=" + engine + ", path=" + path + "}";
    }
}
