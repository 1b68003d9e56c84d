package dev.tollgate.admin.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A model on the operator's list for {@code openrouter/auto}: its place in the list and its cost tier ({@code low} …
 * {@code max}). The list is replaced whole, never edited row by row.
 */
@Entity
@Table(name = "auto_router_model")
public class AutoRouterModel {

    @Id
    @Column(name = "model_id")
    private String modelId;

    @Column(nullable = false)
    private int position;

    @Column(name = "cost_tier", nullable = false)
    private String costTier;

    protected AutoRouterModel() {}

    public AutoRouterModel(String modelId, int position, String costTier) {
        this.modelId = modelId;
        this.position = position;
        this.costTier = costTier;
    }

    public String getModelId() {
        return modelId;
    }

    public int getPosition() {
        return position;
    }

    public String getCostTier() {
        return costTier;
    }
}
