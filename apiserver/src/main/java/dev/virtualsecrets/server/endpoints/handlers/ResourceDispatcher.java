package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.endpoints.request.OptionsDecoder;
import dev.virtualsecrets.server.endpoints.request.RequestInfo;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.meta.DeleteOptions;
import dev.virtualsecrets.server.patch.FieldManager;
import dev.virtualsecrets.server.patch.PatchApplier;
import dev.virtualsecrets.server.patch.PatchType;
import dev.virtualsecrets.server.registry.KubernetesControllers;
import dev.virtualsecrets.server.registry.ObjectNames;
import dev.virtualsecrets.server.registry.RetainedNamespace;
import dev.virtualsecrets.server.registry.SourceRouter;
import dev.virtualsecrets.server.registry.rest.Deleter;
import dev.virtualsecrets.server.registry.rest.Getter;
import dev.virtualsecrets.server.registry.rest.Updater;
import dev.virtualsecrets.server.table.TableRenderer;
import dev.virtualsecrets.server.watch.ResourceVersionClock;

import static dev.virtualsecrets.server.registry.rest.VirtualSecretResource.GROUP_RESOURCE;

/**
 * The verbs of {@code virtualsecrets}: checks the path's namespace and name, decodes the request's
 * options once, and hands the request to its verb's handler with the storage that serves the
 * object. A verb that storage does not implement is 405 MethodNotAllowed, before any Vault call.
 */
public final class ResourceDispatcher implements Endpoint {

    private final SourceRouter sources;
    private final KubernetesControllers controllers;
    private final RequestBodies bodies;
    private final GetHandler get;
    private final ListHandler list;
    private final WatchResponder watch;
    private final CreateHandler create;
    private final UpdateHandler update;
    private final PatchHandler patch;
    private final DeleteHandler delete;

    ResourceDispatcher(SourceRouter sources, KubernetesControllers controllers, RequestBodies bodies, GetHandler get,
                       ListHandler list, WatchResponder watch, CreateHandler create, UpdateHandler update,
                       PatchHandler patch, DeleteHandler delete) {
        this.sources = sources;
        this.controllers = controllers;
        this.bodies = bodies;
        this.get = get;
        this.list = list;
        this.watch = watch;
        this.create = create;
        this.update = update;
        this.patch = patch;
        this.delete = delete;
    }

    /** The verbs' handlers, wired. */
    public static ResourceDispatcher create(SourceRouter sources, KubernetesControllers controllers,
                                            ResourceVersionClock clock, ObjectCodec codec, ObjectValidator validator,
                                            PatchApplier patches, TableRenderer tables, RequestBodies bodies,
                                            Responses responses, WatchResponder watch, FieldManager fields) {
        ObjectReader objects = new ObjectReader(bodies, validator, codec, fields);
        return new ResourceDispatcher(sources, controllers, bodies, new GetHandler(tables, responses),
                new ListHandler(clock, tables, responses), watch, new CreateHandler(sources, objects, responses),
                new UpdateHandler(objects, validator, responses),
                new PatchHandler(codec, patches, bodies, objects, validator, responses), new DeleteHandler(responses));
    }

    @Override
    public void handle(Exchange exchange) {
        RequestInfo info = exchange.info();
        String namespace = info.namespace();
        if (namespace != null && !ObjectNames.validateNamespace(namespace).isEmpty()) {
            throw ApiErrors.badRequest("invalid namespace \"" + namespace + "\": "
                    + ObjectNames.validateNamespace(namespace).getFirst());
        }
        String name = info.name();
        boolean collection = "list".equals(info.verb()) || "watch".equals(info.verb());
        if (!collection && name != null && !ObjectNames.validateName(name).isEmpty()) {
            throw ApiErrors.notFound(GROUP_RESOURCE, name);
        }
        if (!collection && namespace == null) {
            // VirtualSecrets are namespaced: one object is never addressed across namespaces.
            throw ApiErrors.methodNotAllowed(exchange.request().prologue().method().text());
        }
        OptionsDecoder options = new OptionsDecoder(exchange::query);
        Exchange served = readsMetadataOnly(exchange) ? exchange.as(controllers.metadataReader(exchange.caller()))
                : exchange;
        boolean retained = controllers.retained(namespace);
        switch (info.verb()) {
            case "get" -> get.get(served, Verbs.require(Getter.class, sources.storageFor(name), name), options.get());
            case "list" -> {
                if (retained) {
                    list.list(served, RetainedNamespace.INSTANCE, options.list(null, false));
                } else {
                    list.list(served, sources, options.list(null, false));
                }
            }
            case "watch" -> watch.watch(served, options.list(name, true));
            case "create" -> {
                if (name != null) {
                    throw ApiErrors.methodNotAllowed("POST");
                }
                create.create(exchange, options.create());
            }
            case "update" -> update.update(exchange, Verbs.require(Updater.class, sources.storageFor(name), name),
                    options.update());
            case "patch" -> patch.patch(exchange, Verbs.require(Updater.class, sources.storageFor(name), name),
                    options.patch(PatchType.fromContentType(exchange.contentType()) == PatchType.APPLY));
            case "delete" -> {
                Deleter deleter = retained && controllers.isController(exchange.caller()) ? RetainedNamespace.INSTANCE
                        : Verbs.require(Deleter.class, sources.storageFor(name), name);
                delete.delete(exchange.as(controllers.deleter(exchange.caller(), namespace)), deleter,
                        deleteOptions(exchange, options));
            }
            default -> throw ApiErrors.methodNotAllowed(exchange.request().prologue().method().text());
        }
    }

    /** A get, list or watch asking for PartialObjectMetadata: a controller's is read as the server. */
    private static boolean readsMetadataOnly(Exchange exchange) {
        String verb = exchange.info().verb();
        return ("get".equals(verb) || "list".equals(verb) || "watch".equals(verb))
                && ResponseFormat.asksMetadataOnly(exchange);
    }

    /** DeleteOptions may come in the body as well as in the query. */
    private DeleteOptions deleteOptions(Exchange exchange, OptionsDecoder options) {
        byte[] body = bodies.read(exchange);
        JsonNode tree = body.length == 0 ? null : bodies.parseObject(body, exchange.contentType());
        return options.delete(tree);
    }
}
