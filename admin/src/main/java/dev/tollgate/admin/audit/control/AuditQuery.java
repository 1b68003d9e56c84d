package dev.tollgate.admin.audit.control;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Which entries of the audit log to read, newest first, a page at a time.
 *
 * @param action an action ({@code key.update}) or, ending in a dot, a family of them ({@code key.})
 * @param since entries at or after this moment
 */
public record AuditQuery(
        Optional<UUID> organization, Optional<String> action, Optional<Instant> since, int offset, int limit) {

    /** The most entries one page holds. */
    public static final int MAX_LIMIT = 200;

    public AuditQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        action = action.map(String::strip).filter(value -> !value.isEmpty());
    }

    public static AuditQuery everything(int offset, int limit) {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), offset, limit);
    }
}
