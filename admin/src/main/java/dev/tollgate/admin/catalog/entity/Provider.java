package dev.tollgate.admin.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A company serving models, reached over one protocol at one base URL with one credential. */
@Entity
@Table(name = "provider")
public class Provider {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true)
    private String slug;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String protocol;

    @Column(name = "base_url", nullable = false)
    private String baseUrl;

    /** AES-GCM ciphertext of the provider's API key; the plain key is never stored. */
    @Column(name = "api_key_ciphertext")
    private byte[] apiKeyCiphertext;

    @Column(name = "trains_on_prompts", nullable = false)
    private boolean trainsOnPrompts;

    @Column(name = "retains_prompts", nullable = false)
    private boolean retainsPrompts;

    private BigDecimal margin;

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Provider() {}

    public Provider(UUID id, String slug, Instant now) {
        this.id = id;
        this.slug = slug;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() {
        return id;
    }

    public String getSlug() {
        return slug;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public byte[] getApiKeyCiphertext() {
        return apiKeyCiphertext;
    }

    public void setApiKeyCiphertext(byte[] apiKeyCiphertext) {
        this.apiKeyCiphertext = apiKeyCiphertext;
    }

    public boolean isTrainsOnPrompts() {
        return trainsOnPrompts;
    }

    public void setTrainsOnPrompts(boolean trainsOnPrompts) {
        this.trainsOnPrompts = trainsOnPrompts;
    }

    public boolean isRetainsPrompts() {
        return retainsPrompts;
    }

    public void setRetainsPrompts(boolean retainsPrompts) {
        this.retainsPrompts = retainsPrompts;
    }

    public BigDecimal getMargin() {
        return margin;
    }

    public void setMargin(BigDecimal margin) {
        this.margin = margin;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void touch(Instant now) {
        this.updatedAt = now;
    }
}
