package dev.tollgate.api.key.control;

import dev.tollgate.admin.audit.control.AuditTrail;
import dev.tollgate.admin.audit.entity.Actor;
import dev.tollgate.admin.audit.entity.AuditEntry;
import dev.tollgate.admin.audit.entity.AuditValues;
import dev.tollgate.api.org.entity.ApiKey;
import jakarta.json.JsonObject;
import java.util.Optional;
import org.hibernate.Session;

/**
 * What the audit log keeps of a change to an inference key: its settings before and after, named as OpenRouter's keys
 * API names them. The key itself never; its label (its first and last characters) says which one it is.
 */
final class KeyAudit {

    private KeyAudit() {}

    static JsonObject of(ApiKey key) {
        return AuditValues.of()
                .with("id", key.getId())
                .with("name", key.getName())
                .with("label", key.getLabel())
                .with("disabled", key.isDisabled())
                .with("limit", key.getLimitUsd())
                .with("limit_reset", key.getLimitReset())
                .with("include_byok_in_limit", key.isIncludeByokInLimit())
                .with("expires_at", key.getExpiresAt())
                .with("deleted_at", key.getDeletedAt())
                .json();
    }

    /** Records the change, in the session's transaction. */
    static void record(
            Session session, Actor actor, String action, ApiKey key, Optional<JsonObject> before, boolean exists) {
        AuditTrail.record(
                session,
                AuditEntry.of(
                        actor,
                        Optional.of(key.getOrganization().getId()),
                        action,
                        "key " + key.getLabel(),
                        before,
                        exists ? Optional.of(of(key)) : Optional.empty()));
    }
}
