package dev.virtualsecrets.server.meta;

/**
 * The {@code fieldValidation} directive of a write: {@code Strict} rejects unknown fields with 400,
 * {@code Warn} (the default) answers with Warning headers, {@code Ignore} drops them silently.
 */
public enum FieldValidation {
    IGNORE, WARN, STRICT
}
