package dev.tollgate.routing.catalog;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The enabled catalog at one moment, immutable. A change makes a new snapshot with a higher version; readers keep
 * the one they started with, so a call never sees half a change.
 */
public final class CatalogSnapshot {

    private final long version;
    private final Instant publishedAt;
    private final Map<String, CatalogModel> models;
    private final Map<String, List<RoutableEndpoint>> endpointsByModel;
    private final List<AutoRouteEntry> autoRoute;

    /**
     * @param autoRoute the models {@code openrouter/auto} may choose, in the operator's order; entries for models not
     *     in this snapshot (disabled ones) are left out
     */
    public CatalogSnapshot(
            long version,
            Instant publishedAt,
            List<CatalogModel> models,
            List<RoutableEndpoint> endpoints,
            List<AutoRouteEntry> autoRoute) {
        this.version = version;
        this.publishedAt = publishedAt;
        this.models = models.stream().collect(Collectors.toUnmodifiableMap(CatalogModel::id, Function.identity()));
        this.endpointsByModel = endpoints.stream()
                .filter(endpoint -> this.models.containsKey(endpoint.modelId()))
                .sorted(Comparator.comparing(endpoint -> endpoint.provider().slug()))
                .collect(Collectors.groupingBy(
                        RoutableEndpoint::modelId, Collectors.collectingAndThen(Collectors.toList(), List::copyOf)));
        this.autoRoute = autoRoute.stream()
                .filter(entry -> this.models.containsKey(entry.modelId()))
                .toList();
    }

    public static CatalogSnapshot empty() {
        return new CatalogSnapshot(0, Instant.EPOCH, List.of(), List.of(), List.of());
    }

    public long version() {
        return version;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    /** Every model, ordered by id. */
    public List<CatalogModel> models() {
        return models.values().stream()
                .sorted(Comparator.comparing(CatalogModel::id))
                .toList();
    }

    public Optional<CatalogModel> model(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /** The enabled endpoints serving a model, ordered by provider slug; empty for an unknown model. */
    public List<RoutableEndpoint> endpoints(String modelId) {
        return endpointsByModel.getOrDefault(modelId, List.of());
    }

    /** The models {@code openrouter/auto} may choose, in the operator's order, each with its cost tier. */
    public List<AutoRouteEntry> autoRoute() {
        return autoRoute;
    }
}
