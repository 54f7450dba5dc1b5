package dev.virtualsecrets.server.openapi;

import java.util.List;

/** A URL template with the parameters shared by its operations, and those operations. */
record PathItem(String path, List<Parameter> parameters, List<Operation> operations) {

    PathItem {
        parameters = List.copyOf(parameters);
        operations = List.copyOf(operations);
    }
}
