package dev.virtualsecrets.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Jackson mix-in for the official client's {@code V1ObjectMeta}, which starts every collection
 * empty: without it Jackson writes {@code labels: {}}, {@code finalizers: []},
 * {@code managedFields: []}... on every object, where kube-apiserver omits empty fields.
 *
 * <p>Register it on the server's mapper:
 * {@code builder.addMixIn(V1ObjectMeta.class, ObjectMetaJsonMixin.class)}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public abstract class ObjectMetaJsonMixin {

    private ObjectMetaJsonMixin() {
    }
}
