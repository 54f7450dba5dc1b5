package dev.virtualsecrets.server.openapi;

/** A path or query parameter of an operation, independent of the OpenAPI version it is written in. */
record Parameter(String name, In in, String type, String description) {

    enum In { PATH, QUERY }

    String location() {
        return in == In.PATH ? "path" : "query";
    }
}
