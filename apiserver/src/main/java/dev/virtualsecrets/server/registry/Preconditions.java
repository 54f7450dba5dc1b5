package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.meta.DeleteOptions;

import static dev.virtualsecrets.server.registry.rest.VirtualSecretResource.GROUP_RESOURCE;

/** The preconditions of a delete, checked against the object about to go: 409 Conflict when stale. */
public final class Preconditions {

    private Preconditions() {
    }

    /** Both uid and resourceVersion, in kube-apiserver's words. */
    public static void check(VirtualSecret current, DeleteOptions options) {
        String name = current.getMetadata().getName();
        String uid = options.preconditionUid();
        if (uid != null && !uid.equals(current.getMetadata().getUid())) {
            throw ApiErrors.conflict(GROUP_RESOURCE, name, "Precondition failed: UID in precondition: " + uid
                    + ", UID in object meta: " + current.getMetadata().getUid());
        }
        String resourceVersion = options.preconditionResourceVersion();
        if (resourceVersion != null && !resourceVersion.equals(current.getMetadata().getResourceVersion())) {
            throw ApiErrors.staleResourceVersion(GROUP_RESOURCE, name);
        }
    }
}
