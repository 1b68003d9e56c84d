package dev.tollgate.routing.router;

import dev.tollgate.routing.catalog.CatalogModel;
import dev.tollgate.routing.catalog.CatalogSnapshot;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import dev.tollgate.routing.dispatch.NoRouteException;
import dev.tollgate.routing.dispatch.RoutePlan;
import dev.tollgate.routing.dispatch.RoutePlanner;
import dev.tollgate.routing.dispatch.RouteRequest;
import dev.tollgate.routing.health.EndpointHealth;
import dev.tollgate.routing.health.EndpointStatus;
import dev.tollgate.routing.health.Percentiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * OpenRouter's provider selection. For each requested model in turn (then the next on {@code models}), the
 * {@link CandidateFilters} decide which endpoints may serve the call (endpoint health last: a tripped breaker keeps
 * calls away); what is left is ordered:
 *
 * <ul>
 *   <li>by {@code provider.order} first, the named providers in the caller's order, then the rest cheapest first;
 *   <li>by {@code provider.sort} ({@code price}, {@code throughput}: p50 tokens/s highest first, {@code latency}: p50
 *       time to first token lowest first; unmeasured endpoints after measured ones) or the {@code :floor} (price) and
 *       {@code :nitro} (throughput) variants;
 *   <li>otherwise endpoints with a significant outage in the last 30 s go last; among the others one is picked at
 *       random, weighted by the inverse square of its price, and the rest follow cheapest first, as fallbacks.
 * </ul>
 *
 * {@code preferred_min_throughput} and {@code preferred_max_latency} (p50) then move the endpoints that miss them
 * behind every endpoint that meets them, across models, so a fallback model that meets them is tried first;
 * unmeasured endpoints count as meeting them. With {@code allow_fallbacks: false} only the first endpoint of each
 * model is tried.
 */
@ApplicationScoped
public class Router implements RoutePlanner {

    private static final Comparator<RoutableEndpoint> CHEAPEST = Comparator.comparing(Router::price)
            .thenComparing(endpoint -> endpoint.provider().slug());

    /** Each request thread draws from its own generator: one shared generator would be contended (or unsafe). */
    private final Supplier<RandomGenerator> random;

    private final EndpointHealth health;

    /** For CDI's proxy only. */
    protected Router() {
        this(ThreadLocalRandom::current, null);
    }

    @Inject
    public Router(EndpointHealth health) {
        this(ThreadLocalRandom::current, health);
    }

    public Router(Supplier<RandomGenerator> random, EndpointHealth health) {
        this.random = random;
        this.health = health;
    }

    @Override
    public RoutePlan plan(CatalogSnapshot catalog, RouteRequest request) {
        ProviderPreferences asked = ProviderPreferences.of(request.body().get("provider"));
        ProviderPreferences preferences = (request.organizationDeniesDataCollection()
                        ? asked.denyingDataCollection()
                        : asked)
                .ignoringAlso(request.organizationIgnoredProviders());
        CallNeeds needs = CallNeeds.of(request.body());
        List<RoutableEndpoint> plan = new ArrayList<>();
        // By identity: a record's hashCode would hash every field of the endpoint.
        Map<RoutableEndpoint, EndpointStatus> statuses = new IdentityHashMap<>();
        Map<String, Exclusion> excluded = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        List<String> models = expandAuto(catalog, request);
        for (String requested : models) {
            Variant variant = Variant.of(requested);
            Optional<CatalogModel> model = catalog.model(variant.modelId());
            if (model.isEmpty()) {
                unknown.add(requested);
                continue;
            }
            CandidateFilters.Candidates candidates = CandidateFilters.apply(
                    catalog.endpoints(variant.modelId()),
                    model.get(),
                    needs,
                    preferences,
                    endpoint -> statuses.computeIfAbsent(endpoint, this::status));
            candidates.excluded().forEach((endpoint, why) -> excluded.put(RoutePlan.label(endpoint), why));
            List<RoutableEndpoint> ordered = order(candidates.kept(), preferences, variant, statuses::get);
            plan.addAll(preferences.allowFallbacks() || ordered.isEmpty() ? ordered : ordered.subList(0, 1));
        }
        if (!plan.isEmpty()) {
            return new RoutePlan(deprioritizeSlow(plan, preferences, statuses::get), describe(excluded));
        }
        if (unknown.size() == models.size()) {
            throw new NoRouteException(
                    400, unknown.get(0) + " is not a valid model ID", Map.of("requested_models", request.models()));
        }
        throw noEndpoints(request, excluded);
    }

    /** The requested models with {@code openrouter/auto} replaced by the curated models it may use, in order. */
    private static List<String> expandAuto(CatalogSnapshot catalog, RouteRequest request) {
        if (!request.models().contains(AutoModels.ID)) {
            return request.models();
        }
        List<String> auto = AutoModels.candidates(catalog.autoRoute(), AutoModels.Options.of(request.body()));
        if (auto.isEmpty()) {
            throw new NoRouteException(
                    503,
                    "openrouter/auto has no model to choose from: the operator's list is empty"
                            + " or the auto-router plugin's options left none",
                    Map.of("requested_models", request.models()));
        }
        LinkedHashSet<String> models = new LinkedHashSet<>();
        for (String requested : request.models()) {
            if (requested.equals(AutoModels.ID)) {
                models.addAll(auto);
            } else {
                models.add(requested);
            }
        }
        return List.copyOf(models);
    }

    private EndpointStatus status(RoutableEndpoint endpoint) {
        return health.status(endpoint.id());
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
        if (filters.equals(List.of("health"))) {
            return new NoRouteException(
                    503,
                    "Every provider of " + String.join(", ", request.models()) + " is failing right now",
                    metadata);
        }
        if (filters.stream().allMatch(filter -> !filter.startsWith("provider.") && !filter.equals("health"))) {
            return new NoRouteException(404, "No endpoints found that can serve this request", metadata);
        }
        return new NoRouteException(503, "No provider meets the requirements of this request", metadata);
    }

    private List<RoutableEndpoint> order(
            List<RoutableEndpoint> candidates,
            ProviderPreferences preferences,
            Variant variant,
            Function<RoutableEndpoint, EndpointStatus> health) {
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
        Optional<ProviderPreferences.Sort> sort = preferences.sort().or(variant::sort);
        if (sort.isPresent()) {
            return switch (sort.get()) {
                case PRICE -> cheapestFirst;
                case THROUGHPUT ->
                    measuredFirst(
                            cheapestFirst,
                            endpoint -> health.apply(endpoint).throughput30m().map(stats -> -stats.p50()));
                case LATENCY ->
                    measuredFirst(
                            cheapestFirst,
                            endpoint -> health.apply(endpoint).latency30m().map(Percentiles::p50));
            };
        }
        List<RoutableEndpoint> healthy = new ArrayList<>();
        List<RoutableEndpoint> recentlyDown = new ArrayList<>();
        for (RoutableEndpoint endpoint : cheapestFirst) {
            (health.apply(endpoint).recentOutage() ? recentlyDown : healthy).add(endpoint);
        }
        List<RoutableEndpoint> ordered = new ArrayList<>(cheapestFirst.size());
        if (healthy.size() > 1) {
            RoutableEndpoint first = InverseSquarePricePick.pick(healthy, random.get());
            ordered.add(first);
            healthy.stream().filter(endpoint -> endpoint != first).forEach(ordered::add);
        } else {
            ordered.addAll(healthy);
        }
        ordered.addAll(recentlyDown);
        return ordered;
    }

    /** Ordered by a measurement, lowest first; unmeasured endpoints after, in their given (price) order. */
    private static List<RoutableEndpoint> measuredFirst(
            List<RoutableEndpoint> cheapestFirst, Function<RoutableEndpoint, Optional<Double>> measure) {
        Comparator<RoutableEndpoint> byMeasure =
                Comparator.comparing(endpoint -> measure.apply(endpoint).orElse(Double.MAX_VALUE));
        return cheapestFirst.stream().sorted(byMeasure).toList();
    }

    /**
     * {@code preferred_min_throughput} (tokens/s) and {@code preferred_max_latency} (seconds), on p50 over 30 minutes:
     * endpoints that miss them keep their order but go after all that meet them.
     */
    private static List<RoutableEndpoint> deprioritizeSlow(
            List<RoutableEndpoint> plan,
            ProviderPreferences preferences,
            Function<RoutableEndpoint, EndpointStatus> health) {
        if (preferences.preferredMinThroughput().isEmpty()
                && preferences.preferredMaxLatency().isEmpty()) {
            return plan;
        }
        List<RoutableEndpoint> meeting = new ArrayList<>();
        List<RoutableEndpoint> missing = new ArrayList<>();
        for (RoutableEndpoint endpoint : plan) {
            EndpointStatus status = health.apply(endpoint);
            boolean slow = preferences
                    .preferredMinThroughput()
                    .flatMap(min -> status.throughput30m().map(stats -> stats.p50() < min.doubleValue()))
                    .orElse(false);
            boolean late = preferences
                    .preferredMaxLatency()
                    .flatMap(max -> status.latency30m().map(stats -> stats.p50() / 1000 > max.doubleValue()))
                    .orElse(false);
            (slow || late ? missing : meeting).add(endpoint);
        }
        meeting.addAll(missing);
        return meeting;
    }

    static BigDecimal price(RoutableEndpoint endpoint) {
        return endpoint.listPrice().prompt().add(endpoint.listPrice().completion());
    }

    /** A model id with its routing variant: {@code :floor} sorts by price, {@code :nitro} by throughput. */
    record Variant(String modelId, Optional<ProviderPreferences.Sort> sort) {

        static Variant of(String requested) {
            if (requested.endsWith(":floor")) {
                return new Variant(strip(requested, ":floor"), Optional.of(ProviderPreferences.Sort.PRICE));
            }
            if (requested.endsWith(":nitro")) {
                return new Variant(strip(requested, ":nitro"), Optional.of(ProviderPreferences.Sort.THROUGHPUT));
            }
            return new Variant(requested, Optional.empty());
        }

        private static String strip(String requested, String suffix) {
            return requested.substring(0, requested.length() - suffix.length());
        }
    }
}
