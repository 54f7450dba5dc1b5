package dev.virtualsecrets.server.meta;

/**
 * meta/v1 CreateOptions.
 *
 * @param fieldManager null when unset
 */
public record CreateOptions(boolean dryRun, String fieldManager, FieldValidation fieldValidation) {

    public static final CreateOptions DEFAULT = new CreateOptions(false, null, FieldValidation.WARN);
}
