package dev.tollgate.routing.dispatch;

import dev.tollgate.routing.catalog.CatalogSnapshot;
import dev.tollgate.routing.catalog.RoutableEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The simplest useful order: each requested model in turn, its endpoints from the cheapest list price (prompt plus
 * completion per token) to the dearest, ties by provider slug.
 */
@ApplicationScoped
public class CheapestFirstPlanner implements RoutePlanner {

    private static final Comparator<RoutableEndpoint> CHEAPEST = Comparator.comparing((RoutableEndpoint endpoint) ->
                    endpoint.listPrice().prompt().add(endpoint.listPrice().completion()))
            .thenComparing(endpoint -> endpoint.provider().slug());

    @Override
    public RoutePlan plan(CatalogSnapshot catalog, RouteRequest request) {
        List<String> unknown = new ArrayList<>();
        List<RoutableEndpoint> endpoints = new ArrayList<>();
        for (String model : request.models()) {
            if (catalog.model(model).isEmpty()) {
                unknown.add(model);
                continue;
            }
            catalog.endpoints(model).stream().sorted(CHEAPEST).forEach(endpoints::add);
        }
        if (endpoints.isEmpty()) {
            if (unknown.size() == request.models().size()) {
                throw new NoRouteException(
                        400, unknown.get(0) + " is not a valid model ID", Map.of("requested_models", request.models()));
            }
            // The model exists but no enabled endpoint serves it now: nothing can serve the call.
            throw new NoRouteException(
                    503,
                    "No provider can serve " + String.join(", ", request.models()) + " right now",
                    Map.of("requested_models", request.models()));
        }
        return new RoutePlan(endpoints);
    }
}
