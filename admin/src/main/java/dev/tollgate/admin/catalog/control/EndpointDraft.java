package dev.tollgate.admin.catalog.control;

import dev.tollgate.routing.catalog.TokenPrices;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * An endpoint as the operator describes it: which provider serves which model, at which cost.
 *
 * @param maxConcurrency the most calls one replica sends to the endpoint at once; empty for no limit
 */
public record EndpointDraft(
        String modelId,
        String providerSlug,
        String upstreamModel,
        TokenPrices cost,
        Optional<BigDecimal> margin,
        Optional<Integer> contextLength,
        Optional<Integer> maxCompletionTokens,
        List<String> supportedParameters,
        Optional<String> quantization,
        Optional<Integer> maxConcurrency,
        boolean enabled) {}
