package dev.virtualsecrets.server.patch;

import dev.virtualsecrets.server.apierrors.ApiErrors;

import java.util.Locale;

/** The PATCH content types served. Strategic merge patch needs Go struct tags we do not have: 415. */
public enum PatchType {
    MERGE("application/merge-patch+json"),
    JSON("application/json-patch+json"),
    APPLY("application/apply-patch+yaml");

    private final String mediaType;

    PatchType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /**
     * @param contentType a Content-Type header, parameters allowed
     * @throws dev.virtualsecrets.server.apierrors.ApiException 415 for strategic merge patch, unknown or
     *         missing types
     */
    public static PatchType fromContentType(String contentType) {
        if (contentType != null) {
            String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            for (PatchType type : values()) {
                if (type.mediaType.equals(mediaType)) {
                    return type;
                }
            }
        }
        throw ApiErrors.unsupportedMediaType(contentType);
    }
}
