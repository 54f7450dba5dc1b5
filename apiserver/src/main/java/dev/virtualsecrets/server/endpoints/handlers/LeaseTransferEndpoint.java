package dev.virtualsecrets.server.endpoints.handlers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtualsecrets.server.apierrors.ApiErrors;
import dev.virtualsecrets.server.apierrors.ApiException;
import dev.virtualsecrets.server.endpoints.responsewriters.Responses;
import dev.virtualsecrets.server.registry.SourceRouter;
import dev.virtualsecrets.server.registry.dynamic.DynamicSecretStorage;
import dev.virtualsecrets.server.replicas.LeaseTransferMessages;
import dev.virtualsecrets.server.replicas.LeaseTransferMessages.Adopt;
import dev.virtualsecrets.server.replicas.LeaseTransferMessages.Adopted;
import dev.virtualsecrets.server.replicas.LeaseTransferMessages.Release;
import dev.virtualsecrets.server.replicas.LeaseTransferMessages.Released;
import dev.virtualsecrets.server.replicas.LeaseTransferMessages.Transfer;
import dev.virtualsecrets.server.vault.lease.LeaseKey;
import dev.virtualsecrets.server.vault.lease.LeaseRegistry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where replicas move leases between them ({@link LeaseTransferMessages}): {@code release} gives up
 * a lease this replica holds to the replica that asks (it now serves the caller), {@code adopt}
 * takes over leases a replica hands over. Only the server's own ServiceAccount may call either
 * (and RBAC must allow it the non-resource URLs); nothing from the bodies is logged.
 */
public final class LeaseTransferEndpoint implements Endpoint {

    private static final Logger LOG = Logger.getLogger(LeaseTransferEndpoint.class.getName());

    private final String peerUser;
    private final LeaseRegistry leases;
    private final SourceRouter sources;
    private final RequestBodies bodies;
    private final ObjectMapper json;
    private final Responses responses;

    public LeaseTransferEndpoint(String peerUser, LeaseRegistry leases, SourceRouter sources, RequestBodies bodies,
                                 ObjectMapper json, Responses responses) {
        this.peerUser = peerUser;
        this.leases = leases;
        this.sources = sources;
        this.bodies = bodies;
        this.json = json;
        this.responses = responses;
    }

    @Override
    public void handle(Exchange exchange) {
        String path = exchange.info().path();
        if (!exchange.request().prologue().method().text().equals("POST")) {
            throw ApiErrors.methodNotAllowed(exchange.request().prologue().method().text());
        }
        if (!exchange.caller().user().equals(peerUser)) {
            throw ApiErrors.forbiddenPath(exchange.caller().user(), "post", path,
                    "only the server's replicas move leases");
        }
        byte[] body = bodies.read(exchange);
        try {
            if (path.equals(LeaseTransferMessages.RELEASE)) {
                Release release = json.readValue(body, Release.class);
                responses.json(exchange.response(), 200, new Released(leases.release(
                        new LeaseKey(release.caller().key(), release.namespace(), release.name())).orElse(null)));
            } else if (path.equals(LeaseTransferMessages.ADOPT)) {
                responses.json(exchange.response(), 200, new Adopted(adopt(json.readValue(body, Adopt.class))));
            } else {
                throw ApiErrors.pathNotFound(path);
            }
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw ApiErrors.badRequest("unreadable lease transfer: " + e.getClass().getSimpleName());
        }
    }

    private List<Boolean> adopt(Adopt adopt) {
        List<Boolean> accepted = new ArrayList<>();
        for (Transfer transfer : adopt.leases()) {
            boolean taken = false;
            try {
                if (sources.storageFor(transfer.name()) instanceof DynamicSecretStorage storage) {
                    taken = storage.adopt(transfer.caller(), transfer.namespace(), transfer.name(), transfer.lease());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not take over lease {0}: {1}",
                        new Object[]{transfer.lease().leaseId(), e.getClass().getSimpleName()});
            }
            accepted.add(taken);
        }
        return accepted;
    }
}
