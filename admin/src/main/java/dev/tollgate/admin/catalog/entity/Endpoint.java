package dev.tollgate.admin.catalog.entity;

import dev.tollgate.routing.catalog.MarginPolicy;
import dev.tollgate.routing.catalog.TokenPrices;
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
 * One provider's offer of one model: the upstream model name, the cost prices the provider charges (USD per token,
 * exact), an optional margin of its own, and its limits and capabilities.
 */
@Entity
@Table(name = "endpoint")
public class Endpoint {

    @Id
    private UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "model_id", nullable = false, updatable = false)
    private Model model;

    @ManyToOne(optional = false)
    @JoinColumn(name = "provider_id", nullable = false, updatable = false)
    private Provider provider;

    @Column(name = "upstream_model", nullable = false)
    private String upstreamModel;

    @Column(name = "prompt_cost", nullable = false)
    private BigDecimal promptCost;

    @Column(name = "completion_cost", nullable = false)
    private BigDecimal completionCost;

    @Column(name = "request_cost")
    private BigDecimal requestCost;

    @Column(name = "image_cost")
    private BigDecimal imageCost;

    private BigDecimal margin;

    @Column(name = "context_length")
    private Integer contextLength;

    @Column(name = "max_completion_tokens")
    private Integer maxCompletionTokens;

    @Column(name = "supported_parameters", nullable = false)
    private String[] supportedParameters = {};

    private String quantization;

    @Column(name = "max_concurrency")
    private Integer maxConcurrency;

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Endpoint() {}

    public Endpoint(UUID id, Model model, Provider provider, Instant now) {
        this.id = id;
        this.model = model;
        this.provider = provider;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() {
        return id;
    }

    public Model getModel() {
        return model;
    }

    public Provider getProvider() {
        return provider;
    }

    public String getUpstreamModel() {
        return upstreamModel;
    }

    public void setUpstreamModel(String upstreamModel) {
        this.upstreamModel = upstreamModel;
    }

    public BigDecimal getPromptCost() {
        return promptCost;
    }

    public void setPromptCost(BigDecimal promptCost) {
        this.promptCost = promptCost;
    }

    public BigDecimal getCompletionCost() {
        return completionCost;
    }

    public void setCompletionCost(BigDecimal completionCost) {
        this.completionCost = completionCost;
    }

    public BigDecimal getRequestCost() {
        return requestCost;
    }

    public void setRequestCost(BigDecimal requestCost) {
        this.requestCost = requestCost;
    }

    public BigDecimal getImageCost() {
        return imageCost;
    }

    public void setImageCost(BigDecimal imageCost) {
        this.imageCost = imageCost;
    }

    public BigDecimal getMargin() {
        return margin;
    }

    public void setMargin(BigDecimal margin) {
        this.margin = margin;
    }

    public Integer getContextLength() {
        return contextLength;
    }

    public void setContextLength(Integer contextLength) {
        this.contextLength = contextLength;
    }

    public Integer getMaxCompletionTokens() {
        return maxCompletionTokens;
    }

    public void setMaxCompletionTokens(Integer maxCompletionTokens) {
        this.maxCompletionTokens = maxCompletionTokens;
    }

    public String[] getSupportedParameters() {
        return supportedParameters.clone();
    }

    public void setSupportedParameters(String[] supportedParameters) {
        this.supportedParameters = supportedParameters.clone();
    }

    public String getQuantization() {
        return quantization;
    }

    public void setQuantization(String quantization) {
        this.quantization = quantization;
    }

    public Integer getMaxConcurrency() {
        return maxConcurrency;
    }

    public void setMaxConcurrency(Integer maxConcurrency) {
        this.maxConcurrency = maxConcurrency;
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

    /** What the provider charges for a call here, USD exact. */
    public TokenPrices cost() {
        return new TokenPrices(promptCost, completionCost, requestCost, imageCost);
    }

    /** The margin that applies here: the endpoint's own, else its provider's, else the platform's default. */
    public BigDecimal effectiveMargin(BigDecimal platformMargin) {
        return MarginPolicy.resolve(
                Optional.ofNullable(margin), Optional.ofNullable(provider.getMargin()), platformMargin);
    }

    /** What callers pay for a call here: cost × (1 + the margin that applies). */
    public TokenPrices listPrice(BigDecimal platformMargin) {
        return cost().withMargin(effectiveMargin(platformMargin));
    }
}
