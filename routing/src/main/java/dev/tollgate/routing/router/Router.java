package dev.tollgate.routing.router;

import dev.tollgate.routing.adapter.PromptText;
import dev.tollgate.routing.adapter.TokenCount;
import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.CatalogSnapshot;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.dispatch.NoRouteException;
import dev.tollgate.routing.dispatch.RoutePlan;
import dev.tollgate.routing.dispatch.RoutePlanner;
import dev.tollgate.routing.dispatch.RouteRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * OpenRouter's provider selection. For each requested model in turn (then the next on {@code models}), the
 * {@link CandidateFilters} decide which endpoints may serve the call; what is left is ordered:
 *
 * <ul>
 *   <li>by {@code provider.order} first, the named providers in the caller's order, then the rest;
 *   <li>by {@code provider.sort} ({@code price}; {@code throughput} and {@code latency} fall back to price until
 *       health statistics exist) or the {@code :floor} / {@code :nitro} variants;
 *   <li>otherwise one endpoint is picked at random, weighted by the inverse square of its price, and the others follow
 *       cheapest first, as fallbacks.
 * </ul>
 *
 * With {@code allow_fallbacks: false} only the first endpoint of each model is tried.
 */
@ApplicationScoped
public class Router implements RoutePlanner {

    private static final Comparator<RoutableEndpoint> CHEAPEST = Comparator.comparing(Router::price)
            .thenComparing(endpoint -> endpoint.provider().slug());

    /** Each request thread draws from its own generator: one shared generator would be contended (or unsafe). */
    private final Supplier<RandomGenerator> random;

    public Router() {
        this(ThreadLocalRandom::current);
    }

    Router(Supplier<RandomGenerator> random) {
        this.random = random;
    }

    @Override
    public RoutePlan plan(CatalogSnapshot catalog, RouteRequest request) {
        ProviderPreferences preferences = ProviderPreferences.of(request.body().get("provider"));
        long promptTokens = TokenCount.of(PromptText.of(request.body()));
        CallNeeds needs = CallNeeds.of(request.body(), promptTokens);
        List<RoutableEndpoint> plan = new ArrayList<>();
        Map<String, Exclusion> excluded = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String requested : request.models()) {
            Variant variant = Variant.of(requested);
            Optional<CatalogModel> model = catalog.model(variant.modelId());
            if (model.isEmpty()) {
                unknown.add(requested);
                continue;
            }
            CandidateFilters.Candidates candidates =
                    CandidateFilters.apply(catalog.endpoints(variant.modelId()), model.get(), needs, preferences);
            candidates.excluded().forEach((endpoint, why) -> excluded.put(RoutePlan.label(endpoint), why));
            List<RoutableEndpoint> ordered = order(candidates.kept(), preferences, variant);
            plan.addAll(preferences.allowFallbacks() || ordered.isEmpty() ? ordered : ordered.subList(0, 1));
        }
        if (!plan.isEmpty()) {
            return new RoutePlan(plan, describe(excluded));
        }
        if (unknown.size() == request.models().size()) {
            throw new NoRouteException(
                    400, unknown.get(0) + " is not a valid model ID", Map.of("requested_models", request.models()));
        }
        throw noEndpoints(request, excluded);
    }

    /** Each excluded endpoint as {@code model@provider (rule: reason)}. */
    private static List<String> describe(Map<String, Exclusion> excluded) {
        return excluded.entrySet().stream()
                .map(entry -> entry.getKey() + " (" + entry.getValue().filter() + ": "
                        + entry.getValue().reason() + ")")
                .toList();
    }

    private static NoRouteException noEndpoints(RouteRequest request, Map<String, Exclusion> excluded) {
        Map<String, Object> metadata = Map.of("requested_models", request.models(), "excluded", describe(excluded));
        if (excluded.isEmpty()) {
            return new NoRouteException(
                    503, "No provider can serve " + String.join(", ", request.models()) + " right now", metadata);
        }
        List<String> filters =
                excluded.values().stream().map(Exclusion::filter).distinct().toList();
        if (filters.equals(List.of("tools")) || filters.equals(List.of("tool_choice"))) {
            return new NoRouteException(
                    404,
                    filters.get(0).equals("tools")
                            ? "No endpoints found that support tool use"
                            : "No endpoints found that support the provided 'tool_choice' value",
                    metadata);
        }
        if (filters.stream().allMatch(filter -> !filter.startsWith("provider."))) {
            return new NoRouteException(404, "No endpoints found that can serve this request", metadata);
        }
        return new NoRouteException(503, "No provider meets the requirements of this request", metadata);
    }

    private List<RoutableEndpoint> order(
            List<RoutableEndpoint> candidates, ProviderPreferences preferences, Variant variant) {
        List<RoutableEndpoint> cheapestFirst =
                candidates.stream().sorted(CHEAPEST).toList();
        if (!preferences.order().isEmpty()) {
            List<RoutableEndpoint> ordered = new ArrayList<>();
            for (String entry : preferences.order()) {
                cheapestFirst.stream()
                        .filter(endpoint -> ProviderPreferences.names(
                                entry, endpoint.provider().slug()))
                        .filter(endpoint -> !ordered.contains(endpoint))
                        .forEach(ordered::add);
            }
            cheapestFirst.stream()
                    .filter(endpoint -> !ordered.contains(endpoint))
                    .forEach(ordered::add);
            return ordered;
        }
        if (preferences.sort().isPresent() || variant.sorted() || cheapestFirst.size() < 2) {
            return cheapestFirst;
        }
        RoutableEndpoint first = InverseSquarePricePick.pick(cheapestFirst, random.get());
        List<RoutableEndpoint> ordered = new ArrayList<>(cheapestFirst.size());
        ordered.add(first);
        cheapestFirst.stream().filter(endpoint -> endpoint != first).forEach(ordered::add);
        return ordered;
    }

    static BigDecimal price(RoutableEndpoint endpoint) {
        return endpoint.listPrice().prompt().add(endpoint.listPrice().completion());
    }

    /** A model id with its routing variant: {@code :floor} sorts by price, {@code :nitro} by throughput. */
    record Variant(String modelId, boolean sorted) {

        static Variant of(String requested) {
            for (String suffix : List.of(":floor", ":nitro")) {
                if (requested.endsWith(suffix)) {
                    return new Variant(requested.substring(0, requested.length() - suffix.length()), true);
                }
            }
            return new Variant(requested, false);
        }
    }
}
