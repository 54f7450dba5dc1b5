package dev.virtualsecrets.server.registry.rest;

import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.GroupKind;
import dev.virtualsecrets.server.apierrors.GroupResource;

/** How errors name the resource this server serves. */
public final class VirtualSecretResource {

    public static final GroupResource GROUP_RESOURCE = new GroupResource(VirtualSecrets.GROUP, VirtualSecrets.PLURAL);
    public static final GroupKind GROUP_KIND = new GroupKind(VirtualSecrets.GROUP, VirtualSecrets.KIND);

    private VirtualSecretResource() {
    }
}
