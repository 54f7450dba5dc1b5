package dev.virtualsecrets.server.meta;

/**
 * meta/v1 PatchOptions.
 *
 * @param fieldManager the actor; required for server-side apply (nullable otherwise)
 * @param force        server-side apply takes over fields other managers own instead of failing
 */
public record PatchOptions(boolean dryRun, String fieldManager, FieldValidation fieldValidation, boolean force) {

    /** What a patch that creates the object passes on to the create. */
    public CreateOptions asCreate() {
        return new CreateOptions(dryRun, fieldManager, fieldValidation);
    }

    /** What a patch of an existing object passes on to the update. */
    public UpdateOptions asUpdate() {
        return new UpdateOptions(dryRun, fieldManager, fieldValidation);
    }
}
