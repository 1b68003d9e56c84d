package dev.tollgate.api.system.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The one row naming this installation. Created by the first migration and never changed, so it identifies the
 * database across restarts, replicas and upgrades.
 */
@Entity
@Table(name = "installation")
public class Installation {

    @Id
    private UUID id;

    @Column(name = "installed_at", nullable = false, updatable = false)
    private OffsetDateTime installedAt;

    protected Installation() {}

    public UUID id() {
        return id;
    }

    public OffsetDateTime installedAt() {
        return installedAt;
    }
}
