package dev.virtualsecrets.server.table;

import dev.virtualsecrets.server.apierrors.ApiErrors;

/** The {@code includeObject} query parameter of a Table request: what each row carries besides its cells. */
public enum IncludeObject {
    /** Cells only. */
    NONE("None"),
    /** A PartialObjectMetadata: no secret values. The default, as upstream. */
    METADATA("Metadata"),
    /** The object as the caller passes it. */
    OBJECT("Object");

    private final String parameterValue;

    IncludeObject(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    public String parameterValue() {
        return parameterValue;
    }

    /** Parses the query parameter; absent means Metadata, anything unknown is a 400. */
    public static IncludeObject parse(String value) {
        if (value == null || value.isEmpty()) {
            return METADATA;
        }
        for (IncludeObject mode : values()) {
            if (mode.parameterValue.equals(value)) {
                return mode;
            }
        }
        throw ApiErrors.badRequest("includeObject must be one of None, Metadata or Object");
    }
}
