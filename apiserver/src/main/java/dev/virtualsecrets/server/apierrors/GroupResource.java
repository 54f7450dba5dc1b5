package dev.virtualsecrets.server.apierrors;

/** A resource in an API group, as error messages name it: {@code virtualsecrets.virtualsecrets.dev}. */
public record GroupResource(String group, String resource) {

    public String qualified() {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }
}
