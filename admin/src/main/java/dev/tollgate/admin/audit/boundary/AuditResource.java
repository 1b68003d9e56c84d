package dev.tollgate.admin.audit.boundary;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.admin.audit.control.AuditQuery;
import dev.tollgate.admin.audit.control.AuditTrail;
import dev.tollgate.admin.audit.entity.AuditEntry;
import dev.tollgate.admin.operator.OperatorApi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/admin/v1/audit}: the audit log, newest first, a page at a time, for operators only. The operator filter
 * lets only operators in; the log's rows are readable in the platform's scope only, so no tenant's request could read
 * them even through another door.
 */
@Path("admin/v1/audit")
@ApplicationScoped
@OperatorApi
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator: audit log")
@SecurityRequirement(name = "operatorToken")
public class AuditResource {

    static final int DEFAULT_LIMIT = 50;

    @Inject
    AuditTrail trail;

    public record ActorView(String kind, String id, String label) {}

    public record EntryView(
            long id,
            Instant at,
            ActorView actor,
            UUID organizationId,
            String action,
            String target,
            JsonObject before,
            JsonObject after) {}

    /** One page; {@code next_offset} is null on the last. */
    public record PageView(List<EntryView> data, long total, int offset, int limit, Integer nextOffset) {}

    @GET
    @Operation(
            summary = "The audit log of operator and owner actions (catalog, prices, margins, grants, keys, members,"
                    + " organisation settings): who, what, when, and the values before and after; newest first")
    public PageView list(
            @Parameter(description = "only this organisation's entries (an organisation id)")
                    @QueryParam("organization")
                    String organization,
            @Parameter(description = "only this action (key.update), or a family of them ending in a dot (key.)")
                    @QueryParam("action")
                    String action,
            @Parameter(description = "only entries at or after this ISO-8601 time, e.g. 2026-11-22T00:00:00Z")
                    @QueryParam("since")
                    String since,
            @Parameter(description = "entries to skip, for the next page") @QueryParam("offset") String offset,
            @Parameter(description = "entries per page, 1 to 200; 50 when absent") @QueryParam("limit") String limit) {
        AuditQuery query = new AuditQuery(
                organization(organization),
                Optional.ofNullable(action),
                since(since),
                bounded("offset", offset, 0, 0, Integer.MAX_VALUE),
                bounded("limit", limit, DEFAULT_LIMIT, 1, AuditQuery.MAX_LIMIT));
        List<EntryView> entries =
                trail.entries(query).stream().map(AuditResource::view).toList();
        long total = trail.count(query);
        Integer next = query.offset() + entries.size() < total ? query.offset() + entries.size() : null;
        return new PageView(entries, total, query.offset(), query.limit(), next);
    }

    private static EntryView view(AuditEntry entry) {
        return new EntryView(
                entry.id(),
                entry.at(),
                new ActorView(
                        entry.actor().kind().value(),
                        entry.actor().id().orElse(null),
                        entry.actor().label()),
                entry.organization().orElse(null),
                entry.action(),
                entry.target(),
                entry.before().orElse(null),
                entry.after().orElse(null));
    }

    private static Optional<UUID> organization(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text.strip()));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("organization", "must be an organisation id (a UUID)");
        }
    }

    private static Optional<Instant> since(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.strip()).toInstant());
        } catch (DateTimeParseException e) {
            throw new InvalidFieldException(
                    "since", "must be an ISO-8601 time with its offset, e.g. 2026-11-22T00:00:00Z");
        }
    }

    // Read here, not by JAX-RS: a number it cannot read would be a 404, not the 400 naming the field.
    private static int bounded(String field, String text, int absent, int min, int max) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            value = Long.MIN_VALUE;
        }
        if (value < min || value > max) {
            throw new InvalidFieldException(field, "must be between " + min + " and " + max);
        }
        return (int) value;
    }
}
