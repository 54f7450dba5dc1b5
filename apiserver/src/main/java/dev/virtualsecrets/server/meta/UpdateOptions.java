package dev.virtualsecrets.server.meta;

/**
 * meta/v1 UpdateOptions.
 *
 * @param fieldManager null when unset
 */
public record UpdateOptions(boolean dryRun, String fieldManager, FieldValidation fieldValidation) {

    public static final UpdateOptions DEFAULT = new UpdateOptions(false, null, FieldValidation.WARN);
}
