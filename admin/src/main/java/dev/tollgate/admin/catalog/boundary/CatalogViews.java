package dev.tollgate.admin.catalog.boundary;

import dev.tollgate.admin.catalog.entity.Endpoint;
import dev.tollgate.admin.catalog.entity.Model;
import dev.tollgate.admin.catalog.entity.Provider;
import dev.tollgate.routing.catalog.AutoRouteEntry;
import dev.tollgate.routing.catalog.PlainDecimal;
import dev.tollgate.routing.catalog.TokenPrices;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The operator API's JSON shapes. Prices and margins are decimal strings ("0.0000015"), never JSON numbers, so no
 * client parses them into floating point by accident. A provider's credential is only ever reported as present or
 * not.
 */
public final class CatalogViews {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private CatalogViews() {}

    public record DataPolicyView(boolean training, boolean retainsPrompts) {}

    public record ProviderView(
            UUID id,
            String slug,
            String name,
            String protocol,
            String baseUrl,
            boolean hasApiKey,
            DataPolicyView dataPolicy,
            String margin,
            boolean enabled,
            Instant createdAt,
            Instant updatedAt) {}

    public record ModelView(
            String id,
            String name,
            String description,
            int contextLength,
            List<String> inputModalities,
            List<String> outputModalities,
            boolean enabled,
            long created) {}

    public record PricesView(String prompt, String completion, String request, String image) {}

    public record PerMillionView(String prompt, String completion) {}

    public record EndpointView(
            UUID id,
            String model,
            String provider,
            String upstreamModel,
            PricesView cost,
            String margin,
            String effectiveMargin,
            PricesView listPrice,
            PerMillionView listPricePerMillion,
            Integer contextLength,
            Integer maxCompletionTokens,
            List<String> supportedParameters,
            String quantization,
            Integer maxConcurrency,
            boolean enabled,
            Instant createdAt,
            Instant updatedAt) {}

    public record PricingView(String defaultMargin) {}

    /** One model {@code openrouter/auto} may choose: {@code {"model": "author/slug", "cost_tier": "low"}}. */
    public record AutoRouteModelView(String model, String costTier) {}

    /** The auto router's list in the operator's order. */
    public record AutoRouterView(List<AutoRouteModelView> models) {}

    static ProviderView of(Provider provider) {
        return new ProviderView(
                provider.getId(),
                provider.getSlug(),
                provider.getName(),
                provider.getProtocol(),
                provider.getBaseUrl(),
                provider.getApiKeyCiphertext() != null,
                new DataPolicyView(provider.isTrainsOnPrompts(), provider.isRetainsPrompts()),
                decimal(provider.getMargin()),
                provider.isEnabled(),
                provider.getCreatedAt(),
                provider.getUpdatedAt());
    }

    static ModelView of(Model model) {
        return new ModelView(
                model.getId(),
                model.getName(),
                model.getDescription(),
                model.getContextLength(),
                List.of(model.getInputModalities()),
                List.of(model.getOutputModalities()),
                model.isEnabled(),
                model.getCreatedAt().getEpochSecond());
    }

    static EndpointView of(Endpoint endpoint, BigDecimal platformMargin) {
        TokenPrices cost = endpoint.cost();
        BigDecimal margin = endpoint.effectiveMargin(platformMargin);
        TokenPrices list = cost.withMargin(margin);
        return new EndpointView(
                endpoint.getId(),
                endpoint.getModel().getId(),
                endpoint.getProvider().getSlug(),
                endpoint.getUpstreamModel(),
                prices(cost),
                decimal(endpoint.getMargin()),
                decimal(margin),
                prices(list),
                new PerMillionView(
                        decimal(list.prompt().multiply(MILLION)),
                        decimal(list.completion().multiply(MILLION))),
                endpoint.getContextLength(),
                endpoint.getMaxCompletionTokens(),
                List.of(endpoint.getSupportedParameters()),
                endpoint.getQuantization(),
                endpoint.getMaxConcurrency(),
                endpoint.isEnabled(),
                endpoint.getCreatedAt(),
                endpoint.getUpdatedAt());
    }

    static AutoRouterView of(List<AutoRouteEntry> autoRoute) {
        return new AutoRouterView(autoRoute.stream()
                .map(entry ->
                        new AutoRouteModelView(entry.modelId(), entry.costTier().wireName()))
                .toList());
    }

    private static PricesView prices(TokenPrices prices) {
        return new PricesView(
                decimal(prices.prompt()),
                decimal(prices.completion()),
                decimal(prices.request()),
                decimal(prices.image()));
    }

    static String decimal(BigDecimal value) {
        return PlainDecimal.text(value);
    }
}
