package dev.tollgate.admin.audit.entity;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One line of the audit log: who ({@link Actor}) did what ({@code action}, e.g. {@code endpoint.update}, to
 * {@code target}, e.g. the endpoint's model and provider), when, for which organisation (none for the platform's own
 * catalog and prices), and the values before and after (none before a creation, none after a deletion).
 *
 * @param id the log's own order: a later entry has a larger id
 */
public record AuditEntry(
        long id,
        Instant at,
        Actor actor,
        Optional<UUID> organization,
        String action,
        String target,
        Optional<JsonObject> before,
        Optional<JsonObject> after) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
    }

    /** An entry to record: the log gives it its id and time. */
    public static AuditEntry of(
            Actor actor,
            Optional<UUID> organization,
            String action,
            String target,
            Optional<JsonObject> before,
            Optional<JsonObject> after) {
        return new AuditEntry(0, Instant.EPOCH, actor, organization, action, target, before, after);
    }
}
