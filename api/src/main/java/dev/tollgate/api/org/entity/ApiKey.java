package dev.tollgate.api.org.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * An organisation's key, known only by the SHA-256 of the whole key. A management key manages keys and credits but
 * cannot call inference.
 */
@Entity
@Table(name = "api_key")
public class ApiKey {

    @Id
    private UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "organization_id", nullable = false, updatable = false)
    private Organization organization;

    @Column(nullable = false, unique = true, updatable = false)
    private String hash;

    @Column(nullable = false, updatable = false)
    private String label;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false, updatable = false)
    private boolean management;

    @Column(nullable = false)
    private boolean disabled;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ApiKey() {}

    public ApiKey(
            UUID id,
            Organization organization,
            String hash,
            String label,
            String name,
            boolean management,
            Instant now) {
        this.id = id;
        this.organization = organization;
        this.hash = hash;
        this.label = label;
        this.name = name;
        this.management = management;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() {
        return id;
    }

    public Organization getOrganization() {
        return organization;
    }

    public String getHash() {
        return hash;
    }

    public String getLabel() {
        return label;
    }

    public String getName() {
        return name;
    }

    public boolean isManagement() {
        return management;
    }

    public boolean isDisabled() {
        return disabled;
    }

    @Column(name = "limit_usd")
    private BigDecimal limitUsd;

    @Column(name = "limit_reset")
    private String limitReset;

    @Column(name = "include_byok_in_limit", nullable = false)
    private boolean includeByokInLimit;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    /** The account that made the key in the portal; none for keys made with a management key or with the org. */
    @Column(name = "created_by", updatable = false)
    private UUID createdBy;

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public BigDecimal getLimitUsd() {
        return limitUsd;
    }

    public String getLimitReset() {
        return limitReset;
    }

    public boolean isIncludeByokInLimit() {
        return includeByokInLimit;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getDeletedAt() {
        return deletedAt;
    }

    public Optional<UUID> getCreatedBy() {
        return Optional.ofNullable(createdBy);
    }

    /** Records who made the key; only before it is stored, the column never changes. */
    public void madeBy(UUID account) {
        this.createdBy = account;
    }

    public void rename(String name) {
        this.name = name;
    }

    public void setDisabled(boolean disabled) {
        this.disabled = disabled;
    }

    public void setLimit(BigDecimal limitUsd, String limitReset) {
        this.limitUsd = limitUsd;
        this.limitReset = limitReset;
    }

    public void setIncludeByokInLimit(boolean includeByokInLimit) {
        this.includeByokInLimit = includeByokInLimit;
    }

    public void setExpiresAt(Instant expiresAt) {
        this.expiresAt = expiresAt;
    }

    public void delete(Instant now) {
        this.deletedAt = now;
        this.updatedAt = now;
    }

    public void touch(Instant now) {
        this.updatedAt = now;
    }

    /** Whether the key may be used at this instant: not disabled, deleted or expired. */
    public boolean isUsableAt(Instant now) {
        return !disabled && deletedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
