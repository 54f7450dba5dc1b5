package dev.virtualsecrets.server.table;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtualsecrets.api.VirtualSecret;
import dev.virtualsecrets.api.VirtualSecretLease;
import dev.virtualsecrets.api.VirtualSecretList;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Renders VirtualSecrets as a {@code meta.k8s.io Table}, the server-side printing kubectl asks
 * for ({@code kubectl get vsec}). Cells never hold secret values: only the number of keys.
 * Whether a row carries the full object is the caller's choice ({@link IncludeObject#OBJECT});
 * it is serialized with the same mapper as every other response.
 */
public final class TableRenderer {

    private static final String NONE = "<none>";

    private record Column(String name, String type, String format, int priority, String description) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("Name", "string", "name", 0,
                    "Name must be unique within a namespace. More info: "
                            + "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"),
            new Column("Type", "string", "", 0,
                    "Used to facilitate programmatic handling of secret data: Opaque, or kubernetes.io/tls "
                            + "for PKI certificates."),
            new Column("Keys", "integer", "", 0,
                    "Number of keys in data, like the DATA column of core/v1 Secrets. Values are never shown."),
            new Column("Source", "string", "", 1,
                    "The Vault secrets engine the values are read from: kv-v2, database or pki."),
            new Column("Version", "string", "", 0,
                    "The KV v2 version the data was read from; <none> for dynamic sources."),
            new Column("Lease TTL", "string", "", 0,
                    "Time left on the Vault lease of a dynamic secret before it expires unless renewed; "
                            + "<none> without a lease."),
            new Column("Age", "string", "", 0,
                    "CreationTimestamp is a timestamp representing the server time when this object was "
                            + "created, taken from Vault's metadata."));

    private final ObjectMapper mapper;
    private final Clock clock;

    public TableRenderer(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** A Table of a list: one row per item, {@code metadata} from the list's metadata. */
    public ObjectNode render(VirtualSecretList list, TableOptions options) {
        ObjectNode table = header(options);
        V1ListMeta listMeta = list.getMetadata();
        ObjectNode metadata = table.putObject("metadata");
        if (listMeta != null) {
            putIfPresent(metadata, "resourceVersion", listMeta.getResourceVersion());
            putIfPresent(metadata, "continue", listMeta.getContinue());
            if (listMeta.getRemainingItemCount() != null) {
                metadata.put("remainingItemCount", listMeta.getRemainingItemCount());
            }
        }
        ArrayNode rows = table.putArray("rows");
        Instant now = clock.instant();
        for (VirtualSecret item : list.getItems()) {
            rows.add(row(item, options, now));
        }
        return table;
    }

    /** A Table of one object (a GET, or one watch event): a single row. */
    public ObjectNode render(VirtualSecret secret, TableOptions options) {
        ObjectNode table = header(options);
        ObjectNode metadata = table.putObject("metadata");
        if (secret.getMetadata() != null) {
            putIfPresent(metadata, "resourceVersion", secret.getMetadata().getResourceVersion());
        }
        table.putArray("rows").add(row(secret, options, clock.instant()));
        return table;
    }

    private ObjectNode header(TableOptions options) {
        ObjectNode table = mapper.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", options.apiVersion());
        ArrayNode columns = table.putArray("columnDefinitions");
        for (Column column : COLUMNS) {
            ObjectNode definition = columns.addObject();
            definition.put("name", column.name());
            definition.put("type", column.type());
            definition.put("format", column.format());
            definition.put("description", column.description());
            definition.put("priority", column.priority());
        }
        return table;
    }

    private ObjectNode row(VirtualSecret secret, TableOptions options, Instant now) {
        ObjectNode row = mapper.createObjectNode();
        V1ObjectMeta metadata = secret.getMetadata();
        ArrayNode cells = row.putArray("cells");
        cells.add(metadata == null || metadata.getName() == null ? "" : metadata.getName());
        cells.add(secret.getType() == null ? "" : secret.getType());
        cells.add(secret.getData() == null ? 0 : secret.getData().size());
        cells.add(secret.getSpec() == null || secret.getSpec().getSource() == null
                || secret.getSpec().getSource().getEngine() == null
                ? NONE : secret.getSpec().getSource().getEngine());
        cells.add(secret.getStatus() == null || secret.getStatus().getVersion() == null
                ? NONE : secret.getStatus().getVersion().toString());
        cells.add(leaseTtl(secret.getStatus() == null ? null : secret.getStatus().getLease(), now));
        cells.add(age(metadata == null ? null : metadata.getCreationTimestamp(), now));
        switch (options.includeObject()) {
            case NONE -> {
            }
            case METADATA -> {
                ObjectNode partial = row.putObject("object");
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", options.apiVersion());
                partial.set("metadata", metadata == null ? mapper.createObjectNode() : mapper.valueToTree(metadata));
            }
            case OBJECT -> row.set("object", mapper.valueToTree(secret));
        }
        return row;
    }

    private static String leaseTtl(VirtualSecretLease lease, Instant now) {
        if (lease == null) {
            return NONE;
        }
        if (lease.getExpiresAt() != null) {
            Duration left = Duration.between(now, lease.getExpiresAt().toInstant());
            // An expired lease is about to be rotated or dropped: show 0s rather than <invalid>.
            return HumanDuration.format(left.isNegative() ? Duration.ZERO : left);
        }
        if (lease.getDurationSeconds() != null) {
            return HumanDuration.format(Duration.ofSeconds(lease.getDurationSeconds()));
        }
        return NONE;
    }

    /** Like upstream's translateTimestampSince: {@code <unknown>} without a timestamp. */
    private static String age(OffsetDateTime created, Instant now) {
        if (created == null) {
            return "<unknown>";
        }
        return HumanDuration.format(Duration.between(created.toInstant(), now));
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
