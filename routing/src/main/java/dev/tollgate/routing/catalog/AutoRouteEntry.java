package dev.tollgate.routing.catalog;

/** One model the operator lets {@code openrouter/auto} choose, with the cost tier the operator gave it. */
public record AutoRouteEntry(String modelId, CostTier costTier) {}
