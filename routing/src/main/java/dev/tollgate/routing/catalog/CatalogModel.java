package dev.tollgate.routing.catalog;

import java.time.Instant;
import java.util.List;

/** A model callers can ask for by id ({@code author/slug}, optionally {@code :free}). */
public record CatalogModel(
        String id,
        String name,
        String description,
        int contextLength,
        List<String> inputModalities,
        List<String> outputModalities,
        Instant created) {

    public CatalogModel {
        inputModalities = List.copyOf(inputModalities);
        outputModalities = List.copyOf(outputModalities);
    }
}
