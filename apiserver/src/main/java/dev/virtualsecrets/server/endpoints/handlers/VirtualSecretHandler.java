package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecretList;
import dev.virtualsecrets.api.VirtualSecrets;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.apierrors.Status;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.patch.PatchApplier;
import dev.virtualsecrets.server.patch.PatchOptions;
import dev.virtualsecrets.server.patch.PatchType;
import dev.virtualsecrets.server.selector.FieldSelector;
import dev.virtualsecrets.server.selector.LabelSelector;
import dev.virtualsecrets.server.registry.ObjectNames;
import dev.virtualsecrets.server.registry.VirtualSecretStorage;
import dev.virtualsecrets.server.table.TableRenderer;
import dev.virtualsecrets.server.watch.ResourceVersionClock;
import dev.virtualsecrets.server.watch.WatchEvent;
import dev.virtualsecrets.server.watch.WatchFilter;
import dev.virtualsecrets.server.watch.WatchHub;
import io.helidon.http.HeaderNames;
import io.kubernetes.client.openapi.models.V1ListMeta;

import java.util.List;

import static dev.virtualsecrets.server.registry.rest.VirtualSecretResource.GROUP_RESOURCE;

/**
 * The verbs of {@code virtualsecrets}: get, list, watch, create, update, patch, delete. Validates
 * and normalizes input, calls the storage of the source engine, publishes successful writes to
 * open watches and answers as JSON or as a Table.
 */
public final class VirtualSecretHandler implements Endpoint {

    private static final String DRY_RUN_ALL = "All";

    private final VirtualSecretStorage storage;
    private final WatchHub watchHub;
    private final ResourceVersionClock clock;
    private final ObjectCodec codec;
    private final ObjectValidator validator;
    private final PatchApplier patches;
    private final TableRenderer tables;
    private final RequestBodies bodies;
    private final Responses responses;
    private final WatchResponder watches;

    public VirtualSecretHandler(VirtualSecretStorage storage, WatchHub watchHub, ResourceVersionClock clock,
                                ObjectCodec codec, ObjectValidator validator, PatchApplier patches,
                                TableRenderer tables, RequestBodies bodies, Responses responses,
                                WatchResponder watches) {
        this.storage = storage;
        this.watchHub = watchHub;
        this.clock = clock;
        this.codec = codec;
        this.validator = validator;
        this.patches = patches;
        this.tables = tables;
        this.bodies = bodies;
        this.responses = responses;
        this.watches = watches;
    }

    @Override
    public void handle(Exchange exchange) {
        String namespace = exchange.info().namespace();
        if (namespace != null && !ObjectNames.validateNamespace(namespace).isEmpty()) {
            throw ApiErrors.badRequest("invalid namespace \"" + namespace + "\": " + ObjectNames.validateNamespace(namespace).getFirst());
        }
        boolean namesAnObject = !"list".equals(exchange.info().verb()) && !"watch".equals(exchange.info().verb());
        if (namesAnObject && exchange.info().name() != null
                && !ObjectNames.validateName(exchange.info().name()).isEmpty()) {
            throw ApiErrors.notFound(GROUP_RESOURCE, exchange.info().name());
        }
        switch (exchange.info().verb()) {
            case "get" -> get(exchange);
            case "list" -> list(exchange);
            case "watch" -> watches.watch(exchange, filterOf(exchange));
            case "create" -> create(exchange);
            case "update" -> update(exchange);
            case "patch" -> patch(exchange);
            case "delete" -> delete(exchange);
            default -> throw ApiErrors.methodNotAllowed(exchange.request().prologue().method().text());
        }
    }

    private void get(Exchange exchange) {
        requireNamespaced(exchange);
        ResponseFormat format = ResponseFormat.of(exchange);
        VirtualSecret secret = storage.get(exchange.caller(), exchange.info().namespace(), exchange.info().name());
        if (format.table().isPresent()) {
            responses.json(exchange.response(), 200, tables.render(secret, format.table().get()));
        } else {
            responses.json(exchange.response(), 200, secret);
        }
    }

    private void list(Exchange exchange) {
        ResponseFormat format = ResponseFormat.of(exchange);
        WatchFilter filter = filterOf(exchange);
        // Taken before reading: a watch from here replays every change the list might have missed.
        long listVersion = clock.current();
        List<VirtualSecret> items = storage.list(exchange.caller(), filter.namespace(), filter.name()).stream()
                .filter(filter::matches)
                .toList();
        VirtualSecretList list = new VirtualSecretList()
                .metadata(new V1ListMeta().resourceVersion(Long.toString(listVersion)))
                .items(items);
        if (format.table().isPresent()) {
            responses.json(exchange.response(), 200, tables.render(list, format.table().get()));
        } else {
            responses.json(exchange.response(), 200, list);
        }
    }

    private void create(Exchange exchange) {
        if (exchange.info().name() != null) {
            throw ApiErrors.methodNotAllowed("POST");
        }
        requireNamespaced(exchange);
        boolean dryRun = dryRun(exchange);
        VirtualSecret secret = readObject(exchange, null);
        storage.requireWritable(secret.getMetadata().getNamespace(), secret.getMetadata().getName());
        VirtualSecret created = storage.create(exchange.caller(), secret, dryRun);
        publish(WatchEvent.Type.ADDED, created, null, dryRun);
        responses.json(exchange.response(), 201, created);
    }

    private void update(Exchange exchange) {
        requireNamespaced(exchange);
        storage.requireWritable(exchange.info().namespace(), exchange.info().name());
        boolean dryRun = dryRun(exchange);
        VirtualSecret secret = readObject(exchange, exchange.info().name());
        VirtualSecret live = storage.get(exchange.caller(), exchange.info().namespace(), exchange.info().name());
        validator.validateUpdate(secret, live);
        VirtualSecret updated = storage.update(exchange.caller(), secret, dryRun);
        publish(WatchEvent.Type.MODIFIED, updated, live, dryRun);
        responses.json(exchange.response(), 200, updated);
    }

    /** The request body as a validated object: parsed, field-validated, normalized. */
    private VirtualSecret readObject(Exchange exchange, String urlName) {
        JsonNode tree = bodies.parseObject(bodies.read(exchange), exchange.contentType());
        warn(exchange, FieldValidation.parse(exchange.query("fieldValidation")).check(tree));
        return validator.prepare(tree, exchange.info().namespace(), urlName);
    }

    private void patch(Exchange exchange) {
        requireNamespaced(exchange);
        storage.requireWritable(exchange.info().namespace(), exchange.info().name());
        boolean dryRun = dryRun(exchange);
        PatchType type = PatchType.fromContentType(exchange.contentType());
        PatchOptions options = new PatchOptions(exchange.query("fieldManager"), exchange.queryFlag("force"));
        byte[] body = bodies.read(exchange);
        String namespace = exchange.info().namespace();
        String name = exchange.info().name();
        VirtualSecret live = type == PatchType.APPLY
                ? getIfExists(exchange, namespace, name)
                : storage.get(exchange.caller(), namespace, name);
        JsonNode patched = patches.apply(type, live == null ? null : codec.toTree(live), body, options);
        warn(exchange, FieldValidation.parse(exchange.query("fieldValidation")).check(patched));
        VirtualSecret secret = validator.prepare(patched, namespace, name);
        VirtualSecret result;
        if (live == null) {
            secret.getMetadata().setResourceVersion(null);
            result = storage.create(exchange.caller(), secret, dryRun);
            publish(WatchEvent.Type.ADDED, result, null, dryRun);
            responses.json(exchange.response(), 201, result);
            return;
        }
        validator.validateUpdate(secret, live);
        // The patch was computed against this exact version: a concurrent write makes it a 409.
        secret.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
        result = storage.update(exchange.caller(), secret, dryRun);
        publish(WatchEvent.Type.MODIFIED, result, live, dryRun);
        responses.json(exchange.response(), 200, result);
    }

    /** Server-side apply creates what does not exist yet. */
    private VirtualSecret getIfExists(Exchange exchange, String namespace, String name) {
        try {
            return storage.get(exchange.caller(), namespace, name);
        } catch (ApiException e) {
            if (ApiErrors.isNotFound(e)) {
                return null;
            }
            throw e;
        }
    }

    private void delete(Exchange exchange) {
        requireNamespaced(exchange);
        DeleteOptions options = DeleteOptions.of(exchange, bodies);
        boolean dryRun = options.dryRun() || dryRun(exchange);
        VirtualSecret deleted = storage.delete(exchange.caller(), exchange.info().namespace(), exchange.info().name(),
                options.preconditionResourceVersion(), dryRun);
        if (!dryRun && !storage.announcesChanges(exchange.info().name())) {
            long version = clock.next();
            deleted.getMetadata().setResourceVersion(Long.toString(version));
            watchHub.publish(new WatchEvent(WatchEvent.Type.DELETED, version, deleted));
        }
        responses.json(exchange.response(), 200, Status.success(new Status.Details(
                deleted.getMetadata().getName(), VirtualSecrets.GROUP, VirtualSecrets.PLURAL,
                deleted.getMetadata().getUid(), null, null)));
    }

    private void publish(WatchEvent.Type type, VirtualSecret secret, VirtualSecret previous, boolean dryRun) {
        if (dryRun) {
            return;
        }
        long version = ResourceVersionClock.parse(secret.getMetadata().getResourceVersion());
        watchHub.publish(new WatchEvent(type, version, secret, previous));
    }

    private static void requireNamespaced(Exchange exchange) {
        if (exchange.info().namespace() == null) {
            throw ApiErrors.methodNotAllowed(exchange.request().prologue().method().text());
        }
    }

    static boolean dryRun(Exchange exchange) {
        String value = exchange.query("dryRun");
        if (value == null || value.isEmpty()) {
            return false;
        }
        if (!DRY_RUN_ALL.equals(value)) {
            throw ApiErrors.badRequest("dryRun: Unsupported value: \"" + value + "\": supported values: \"All\"");
        }
        return true;
    }

    private static void warn(Exchange exchange, List<String> warnings) {
        for (String warning : warnings) {
            exchange.response().header(HeaderNames.create("Warning"),
                    "299 - \"" + warning.replace("\"", "\\\"") + "\"");
        }
    }

    /** Label and field selectors of a list or watch, and the namespace to read. */
    static WatchFilter filterOf(Exchange exchange) {
        LabelSelector labels = LabelSelector.parse(exchange.query("labelSelector"));
        FieldSelector fields = FieldSelector.parse(exchange.query("fieldSelector"));
        WatchFilter filter = WatchFilter.of(exchange.info().namespace(), labels, fields);
        // The legacy /watch/.../{name} path watches one object.
        String name = exchange.info().name();
        return name == null ? filter : new WatchFilter(filter.namespace(), name, labels, fields);
    }
}
