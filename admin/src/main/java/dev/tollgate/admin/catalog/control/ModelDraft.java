package dev.tollgate.admin.catalog.control;

import java.util.List;

/** A model as the operator describes it. */
public record ModelDraft(
        String id,
        String name,
        String description,
        int contextLength,
        List<String> inputModalities,
        List<String> outputModalities,
        boolean enabled) {}
