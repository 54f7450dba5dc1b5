package dev.virtualsecrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.gson.annotations.SerializedName;

import java.time.OffsetDateTime;
import java.util.Objects;

/** The Vault lease behind a dynamic secret. The id identifies the lease; it is not a credential. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualSecretLease {

    @SerializedName("id")
    private String id;

    @SerializedName("durationSeconds")
    private Long durationSeconds;

    @SerializedName("renewable")
    private Boolean renewable;

    @SerializedName("expiresAt")
    private OffsetDateTime expiresAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public VirtualSecretLease id(String id) {
        this.id = id;
        return this;
    }

    public Long getDurationSeconds() {
        return durationSeconds;
    }

    public void setDurationSeconds(Long durationSeconds) {
        this.durationSeconds = durationSeconds;
    }

    public VirtualSecretLease durationSeconds(Long durationSeconds) {
        this.durationSeconds = durationSeconds;
        return this;
    }

    public Boolean getRenewable() {
        return renewable;
    }

    public void setRenewable(Boolean renewable) {
        this.renewable = renewable;
    }

    public VirtualSecretLease renewable(Boolean renewable) {
        this.renewable = renewable;
        return this;
    }

    public OffsetDateTime getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(OffsetDateTime expiresAt) {
        this.expiresAt = expiresAt;
    }

    public VirtualSecretLease expiresAt(OffsetDateTime expiresAt) {
        this.expiresAt = expiresAt;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VirtualSecretLease that
                && Objects.equals(id, that.id)
                && Objects.equals(durationSeconds, that.durationSeconds)
                && Objects.equals(renewable, that.renewable)
                && Objects.equals(expiresAt, that.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, durationSeconds, renewable, expiresAt);
    }

    @Override
    public String toString() {
        return "VirtualSecretLease{id=" + id + ", durationSeconds=" + durationSeconds
                + ", renewable=" + renewable + ", expiresAt=" + expiresAt + "}";
    }
}
