package dev.tollgate.routing.catalog;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One provider's offer of one model, with both prices: the cost the provider is owed and the list price the
 * organisation pays (cost × (1 + margin), the margin already resolved).
 *
 * @param maxConcurrency the most calls this replica sends to the endpoint at once, for providers that refuse or
 *     queue beyond a contracted concurrency; empty means no limit
 */
public record RoutableEndpoint(
        UUID id,
        String modelId,
        CatalogProvider provider,
        String upstreamModel,
        TokenPrices cost,
        BigDecimal margin,
        TokenPrices listPrice,
        int contextLength,
        Optional<Integer> maxCompletionTokens,
        Set<String> supportedParameters,
        Optional<String> quantization,
        Optional<Integer> maxConcurrency) {

    public RoutableEndpoint {
        supportedParameters = Set.copyOf(supportedParameters);
    }
}
