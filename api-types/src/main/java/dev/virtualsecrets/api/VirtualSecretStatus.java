package dev.virtualsecrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.gson.annotations.SerializedName;

import java.util.Objects;

/** What Vault reports: the KV version, or the lease of a dynamic secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualSecretStatus {

    @SerializedName("version")
    private Long version;

    @SerializedName("lease")
    private VirtualSecretLease lease;

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }

    public VirtualSecretStatus version(Long version) {
        this.version = version;
        return this;
    }

    public VirtualSecretLease getLease() {
        return lease;
    }

    public void setLease(VirtualSecretLease lease) {
        this.lease = lease;
    }

    public VirtualSecretStatus lease(VirtualSecretLease lease) {
        this.lease = lease;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VirtualSecretStatus that
                && Objects.equals(version, that.version)
                && Objects.equals(lease, that.lease);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, lease);
    }

    @Override
    public String toString() {
        return "VirtualSecretStatus{version=" + version + ", lease=" + lease + "}";
    }
}
