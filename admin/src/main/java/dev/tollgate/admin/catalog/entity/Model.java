package dev.tollgate.admin.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A model callers ask for by id ({@code author/slug}, {@code :free} for its free variant). */
@Entity
@Table(name = "model")
public class Model {

    @Id
    private String id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String description = "";

    @Column(name = "context_length", nullable = false)
    private int contextLength;

    @Column(name = "input_modalities", nullable = false)
    private String[] inputModalities = {"text"};

    @Column(name = "output_modalities", nullable = false)
    private String[] outputModalities = {"text"};

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Model() {}

    public Model(String id, Instant now) {
        this.id = id;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public int getContextLength() {
        return contextLength;
    }

    public void setContextLength(int contextLength) {
        this.contextLength = contextLength;
    }

    public String[] getInputModalities() {
        return inputModalities.clone();
    }

    public void setInputModalities(String[] inputModalities) {
        this.inputModalities = inputModalities.clone();
    }

    public String[] getOutputModalities() {
        return outputModalities.clone();
    }

    public void setOutputModalities(String[] outputModalities) {
        this.outputModalities = outputModalities.clone();
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
