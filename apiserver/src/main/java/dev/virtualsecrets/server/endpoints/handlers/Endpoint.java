package dev.virtualsecrets.server.endpoints.handlers;

/** Answers one family of paths once the request is authenticated and authorized. */
@FunctionalInterface
public interface Endpoint {

    void handle(Exchange exchange);
}
