package dev.virtualsecrets.server.registry;

import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.GroupResource;
import dev.virtualsecrets.server.meta.DeleteOptions;

/** The preconditions of a delete, checked against the object about to go: 409 Conflict when stale. */
public final class Preconditions {

    private Preconditions() {
    }

    /** k8s.io/apiserver's rest.BeforeDelete names the kind where other conflicts name the resource. */
    private static final GroupResource KIND = new GroupResource(VirtualSecrets.GROUP, VirtualSecrets.KIND);

    /** Both uid and resourceVersion, in kube-apiserver's words. */
    public static void check(VirtualSecret current, DeleteOptions options) {
        String name = current.getMetadata().getName();
        String uid = options.preconditionUid();
        if (uid != null && !uid.equals(current.getMetadata().getUid())) {
            throw ApiErrors.conflict(KIND, name, "the UID in the precondition (" + uid
                    + ") does not match the UID in record (" + current.getMetadata().getUid()
                    + "). The object might have been deleted and then recreated");
        }
        String resourceVersion = options.preconditionResourceVersion();
        if (resourceVersion != null && !resourceVersion.equals(current.getMetadata().getResourceVersion())) {
            throw ApiErrors.conflict(KIND, name, "the ResourceVersion in the precondition (" + resourceVersion
                    + ") does not match the ResourceVersion in record (" + current.getMetadata().getResourceVersion()
                    + "). The object might have been modified");
        }
    }
}
