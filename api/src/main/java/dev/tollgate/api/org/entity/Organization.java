package dev.tollgate.api.org.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant: it owns credits, keys and usage, and sees nothing of any other organisation. It may deny data collection
 * for all its calls: then no provider that trains on or retains prompts serves it; and it may ignore providers by
 * default, for all its calls, in addition to each request's {@code provider.ignore}.
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

    /** Catalog provider slugs none of the organisation's calls may go to; a PostgreSQL {@code text[]}. */
    @Column(name = "ignored_providers", nullable = false, columnDefinition = "text[]")
    private String[] ignoredProviders = new String[0];

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

    public List<String> getIgnoredProviders() {
        return List.of(ignoredProviders);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
