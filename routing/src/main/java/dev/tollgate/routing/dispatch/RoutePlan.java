package dev.tollgate.routing.dispatch;

import dev.tollgate.routing.catalog.RoutableEndpoint;
import java.util.List;

/**
 * The endpoints to try, in order (never empty), and the endpoints left out with why, as
 * {@code model@provider (rule: reason)}, so that a generation can explain its route.
 */
public record RoutePlan(List<RoutableEndpoint> endpoints, List<String> excluded) {

    public RoutePlan {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a plan has at least one endpoint");
        }
        endpoints = List.copyOf(endpoints);
        excluded = List.copyOf(excluded);
    }

    /** The planned endpoints as {@code model@provider}, in order. */
    public List<String> candidates() {
        return endpoints.stream().map(RoutePlan::label).toList();
    }

    /** How a plan names an endpoint: {@code model@provider}. */
    public static String label(RoutableEndpoint endpoint) {
        return endpoint.modelId() + "@" + endpoint.provider().slug();
    }
}
