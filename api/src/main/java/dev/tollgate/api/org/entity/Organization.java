package dev.tollgate.api.org.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A tenant: it owns credits, keys and usage, and sees nothing of any other organisation. It may deny data collection
 * for all its calls: then no provider that trains on or retains prompts serves it.
 */
@Entity
@Table(name = "organization")
public class Organization {

    @Id
    private UUID id;

    @Column(nullable = false)
    private String name;

    @Column(name = "deny_data_collection", nullable = false)
    private boolean denyDataCollection;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Organization() {}

    public Organization(UUID id, String name, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.createdAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public boolean isDenyDataCollection() {
        return denyDataCollection;
    }

    public void setDenyDataCollection(boolean denyDataCollection) {
        this.denyDataCollection = denyDataCollection;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
