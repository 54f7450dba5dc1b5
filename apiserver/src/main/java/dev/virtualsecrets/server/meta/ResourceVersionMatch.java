package dev.virtualsecrets.server.meta;

import java.util.Arrays;
import java.util.Optional;

/** meta/v1 ResourceVersionMatch: how a list's or watch's resourceVersion is to be read. */
public enum ResourceVersionMatch {
    NOT_OLDER_THAN("NotOlderThan"), EXACT("Exact");

    private final String wireName;

    ResourceVersionMatch(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ResourceVersionMatch> of(String wireName) {
        return Arrays.stream(values()).filter(match -> match.wireName.equals(wireName)).findFirst();
    }
}
